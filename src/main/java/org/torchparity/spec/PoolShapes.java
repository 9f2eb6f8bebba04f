package org.torchparity.spec;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The window arithmetic and input checks the 1-D pooling specs share, written from libtorch 2.7.1's
 * {@code pooling_output_shape} and its adaptive pooling's {@code start_index} / {@code end_index},
 * with libtorch's refusal messages.
 */
public final class PoolShapes {
  private PoolShapes() {}

  /**
   * libtorch's {@code pooling_output_shape}: {@code floor((length + 2 padding - dilation (kernel -
   * 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1}, and in ceil mode one window fewer when the
   * last one would start at or beyond {@code length + padding} (in the right padding).
   *
   * @param length the input length
   * @param kernel the kernel size
   * @param padding the padding on each side
   * @param stride the stride, positive
   * @param dilation the dilation
   * @param ceilMode PyTorch's {@code ceil_mode}
   * @return the number of windows, possibly zero or negative
   */
  public static long outputLength(
      long length, long kernel, long padding, long stride, long dilation, boolean ceilMode) {
    long numerator =
        length + 2 * padding - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0);
    long out = Math.floorDiv(numerator, stride) + 1;
    if (ceilMode && (out - 1) * stride >= length + padding) {
      out--;
    }
    return out;
  }

  /**
   * The first input position of adaptive window {@code o}: {@code floor(o * length / out)}.
   *
   * @param o the window
   * @param length the input length
   * @param out the number of windows, positive
   * @return the position
   */
  public static int adaptiveStart(int o, int length, int out) {
    return (int) Math.floorDiv((long) o * length, out);
  }

  /**
   * One past the last input position of adaptive window {@code o}: {@code ceil((o + 1) * length /
   * out)}.
   *
   * @param o the window
   * @param length the input length
   * @param out the number of windows, positive
   * @return the position
   */
  public static int adaptiveEnd(int o, int length, int out) {
    return (int) -Math.floorDiv(-(long) (o + 1) * length, out);
  }

  /**
   * Returns the shape with its last dimension replaced.
   *
   * @param shape the input shape
   * @param length the new last dimension
   * @return the output shape
   */
  static int[] withLength(int[] shape, long length) {
    int[] out = shape.clone();
    out[out.length - 1] = Math.toIntExact(length);
    return out;
  }

  /**
   * Validates an input shape's dimensions and refuses a rank other than 2 ({@code (C, L)}) or 3
   * ({@code (N, C, L)}), as libtorch's {@code checkDimRange} does for {@code op}.
   *
   * @param shape the input shape
   * @param op libtorch's function name, e.g. {@code avg_pool1d}
   */
  static void checkRank(int[] shape, String op) {
    Tensor.numel(SpecChecks.notNull("inputShape", shape));
    if (shape.length != 2 && shape.length != 3) {
      throw new InvalidArgumentException(
          "input",
          "Expected 2 to 3 dimensions, but got "
              + shape.length
              + "-dimensional tensor for argument #1 'self' (while checking arguments for "
              + op
              + ")");
    }
  }

  /**
   * Refuses what libtorch's {@code avg_pool2d} refuses of the input that {@code avg_pool1d} hands
   * it ({@code input.unsqueeze(-2)}): an empty dimension other than the batch.
   *
   * @param shape the input shape, of rank 2 or 3
   */
  static void checkAvgPoolNonEmpty(int[] shape) {
    boolean empty =
        shape.length == 2 ? shape[0] == 0 || shape[1] == 0 : shape[1] == 0 || shape[2] == 0;
    if (empty) {
      throw new InvalidArgumentException(
          "input",
          "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:"
              + dims(unsqueezed(shape)));
    }
  }

  /**
   * Refuses an output length below 1 with {@code avg_pool2d}'s message.
   *
   * @param shape the input shape
   * @param out the output length
   */
  static void checkAvgPoolOutput(int[] shape, long out) {
    if (out < 1) {
      int channels = shape[shape.length - 2];
      int length = shape[shape.length - 1];
      throw new InvalidArgumentException(
          "input",
          "Given input size: ("
              + channels
              + "x1x"
              + length
              + "). Calculated output size: ("
              + channels
              + "x1x"
              + out
              + "). Output size is too small");
    }
  }

  /**
   * Refuses what libtorch's adaptive pooling backward refuses: a gradient with an empty dimension
   * other than the batch, in the 2-D form it gets ({@code grad_output.unsqueeze(-2)}); an {@code
   * output_size} of 0, or zero channels of a batched input.
   *
   * @param op libtorch's backward function, e.g. {@code adaptive_avg_pool2d_backward}
   * @param gradShape the gradient's shape, of rank 2 or 3
   */
  static void checkAdaptiveGradOutput(String op, int[] gradShape) {
    int[] four = unsqueezed(gradShape);
    for (int i = 1; i < four.length; i++) {
      if (four[i] == 0) {
        throw new InvalidArgumentException(
            "gradOutput",
            op
                + "(): Expected grad_output to have non-zero size for non-batch dimensions, but"
                + " grad_output has sizes "
                + dims(four)
                + " with dimension "
                + i
                + " being empty");
      }
    }
  }

  /** The shape libtorch's 1-D pooling hands its 2-D kernel: a 1 inserted before the length. */
  static int[] unsqueezed(int[] shape) {
    int[] out = Arrays.copyOf(shape, shape.length + 1);
    out[out.length - 1] = shape[shape.length - 1];
    out[out.length - 2] = 1;
    return out;
  }

  /** A shape as libtorch prints it: {@code [2, 3, 0]}. */
  static String dims(int[] shape) {
    return Arrays.toString(shape);
  }

  /**
   * Returns Python's {@code repr()} of a float: the shortest digits that read back to the value,
   * positional from 1e-4 up to 1e16 ({@code 2.0}, {@code 0.0001}), scientific beyond ({@code
   * 1e-05}, {@code 1e+16}), and {@code nan}, {@code inf}, {@code -inf}.
   *
   * @param value the value
   * @return the text
   */
  public static String pythonFloat(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String sign = (value < 0 || (value == 0 && 1 / value < 0)) ? "-" : "";
    if (value == 0) {
      return sign + "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exponent = digits.length() - 1 - d.scale();
    if (exponent >= -4 && exponent < 16) {
      String plain = d.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }
}
