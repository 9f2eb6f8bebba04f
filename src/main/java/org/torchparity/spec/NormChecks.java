package org.torchparity.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the normalisation specs ({@link BatchNorm1dSpec}, {@link InstanceNorm1dSpec}, {@link
 * GroupNormSpec}, {@link LayerNormSpec}) share: Python's spelling of floats, booleans and tuples in
 * their reprs, and the input checks PyTorch makes at forward with PyTorch's words.
 */
public final class NormChecks {
  private NormChecks() {}

  /**
   * Spells a float as Python's {@code repr(float)} does: the shortest digits that read back as the
   * same double, in fixed notation from {@code 1e-4} up to {@code 1e16} ({@code 0.1}, {@code
   * 1000.0}) and in exponent notation outside ({@code 1e-05}, {@code 1.5e-07}, {@code 1e+16}).
   *
   * @param x the value
   * @return Python's repr of {@code x}
   */
  public static String pythonFloat(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0) {
      return 1 / x < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(x);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == x) {
        shortest = rounded;
        break;
      }
    }
    BigDecimal s = shortest.stripTrailingZeros();
    String digits = s.unscaledValue().abs().toString();
    // value = 0.<digits> * 10^decpt, as dtoa's decpt; Python switches to exponents outside
    // -4 < decpt <= 16.
    int decpt = digits.length() - s.scale();
    String sign = x < 0 ? "-" : "";
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        return sign + "0." + "0".repeat(-decpt) + digits;
      }
      if (decpt >= digits.length()) {
        return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
      }
      return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
    int exponent = decpt - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign
        + mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }

  /**
   * Spells a boolean as Python does.
   *
   * @param b the value
   * @return {@code True} or {@code False}
   */
  public static String pythonBool(boolean b) {
    return b ? "True" : "False";
  }

  /**
   * Spells a tuple of ints as Python does: {@code ()}, {@code (5,)}, {@code (2, 5)}.
   *
   * @param values the elements
   * @return the tuple's repr
   */
  public static String pythonTuple(List<Integer> values) {
    if (values.size() == 1) {
      return "(" + values.get(0) + ",)";
    }
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < values.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(values.get(i));
    }
    return s.append(')').toString();
  }

  /**
   * Spells a shape as PyTorch's {@code torch.Size} prints in its messages.
   *
   * @param shape the dimensions
   * @return e.g. {@code torch.Size([1, 3])}
   */
  public static String torchSize(int[] shape) {
    return "torch.Size(" + Arrays.toString(shape) + ")";
  }

  /**
   * Refuses an input whose rank is not 2 or 3, as the 1-d norms' {@code _check_input_dim} does.
   *
   * @param inputShape the input's dimensions
   * @throws InvalidArgumentException naming {@code input}
   */
  static void rank2or3(int[] inputShape) {
    SpecChecks.notNull("inputShape", inputShape);
    if (inputShape.length != 2 && inputShape.length != 3) {
      throw new InvalidArgumentException(
          "input", "expected 2D or 3D input (got " + inputShape.length + "D input)");
    }
    Tensor.numel(inputShape);
  }

  /**
   * The refusal of libtorch's {@code batch_norm} for an empty input with an empty weight: it
   * returns an empty input scaled by {@code weight[0]}, which does not exist.
   *
   * @param inputShape the input's dimensions
   * @return the exception, naming {@code input}
   */
  static InvalidArgumentException emptyWeight(int[] inputShape) {
    return new InvalidArgumentException(
        "input",
        "select(): index 0 out of range for tensor of size [0] at dimension 0 (libtorch's"
            + " batch_norm scales an empty input by weight[0], and the weight for input "
            + Arrays.toString(inputShape)
            + " has no elements)");
  }

  /**
   * Refuses a negative size for a tensor the module creates, in PyTorch's words.
   *
   * @param argument the constructor argument
   * @param shape the tensor's shape
   * @throws InvalidArgumentException when a dimension is negative
   */
  static void creatable(String argument, int... shape) {
    for (int dim : shape) {
      if (dim < 0) {
        throw new InvalidArgumentException(
            argument,
            argument
                + " must not be negative (PyTorch: Trying to create tensor with negative dimension "
                + dim
                + ": "
                + Arrays.toString(shape)
                + ") but was "
                + dim);
      }
    }
  }
}
