package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False,
 * count_include_pad=True)}: the mean of each window of {@code kernel_size} positions, windows
 * {@code stride} apart over the input padded with zeros by {@code padding} on both sides. Inputs
 * {@code (N, C, L)} and {@code (C, L)}.
 *
 * <p>The divisor is libtorch's: with {@code count_include_pad} the window's size clipped to the
 * padded input ({@code min(start + k, L + padding) - start}, so a ceil-mode window hanging past the
 * right padding counts only what it covers), without it the number of input positions covered.
 * PyTorch checks the arguments at the first forward call; torch-parity checks them here, with
 * libtorch 2.7.1's messages.
 *
 * @param kernelSize PyTorch's {@code kernel_size}, positive
 * @param stride PyTorch's {@code stride}, positive, or {@code null} for {@code None} (the kernel
 *     size)
 * @param padding PyTorch's {@code padding}, from 0 to {@code kernel_size / 2}
 * @param ceilMode PyTorch's {@code ceil_mode}
 * @param countIncludePad PyTorch's {@code count_include_pad}
 * @param dtype the floating dtype of inputs and outputs
 */
public record AvgPool1dSpec(
    int kernelSize,
    Integer stride,
    int padding,
    boolean ceilMode,
    boolean countIncludePad,
    DType dtype)
    implements ModuleSpec {

  /**
   * Validates the arguments as libtorch 2.7.1's {@code avg_pool2d} does.
   *
   * @param kernelSize the kernel size
   * @param stride the stride or {@code null}
   * @param padding the padding
   * @param ceilMode whether the output length rounds up
   * @param countIncludePad whether the padding counts in the divisor
   * @param dtype float32 or float64
   */
  public AvgPool1dSpec {
    SpecChecks.floating(dtype);
    checkWindow(kernelSize, stride == null ? kernelSize : stride, padding);
  }

  /**
   * libtorch 2.7.1's argument checks of {@code avg_pool2d}, which {@code avg_pool1d} and {@code
   * lp_pool1d} call: a zero stride, a negative padding, a padding above half the kernel, a kernel
   * or stride below 1.
   */
  static void checkWindow(int kernelSize, int stride, int padding) {
    if (stride == 0) {
      throw new InvalidArgumentException(
          "stride", "stride should not be zero (a stride of None is the kernel_size)");
    }
    if (padding < 0) {
      throw new InvalidArgumentException(
          "padding", "pad must be non-negative, but got pad: " + padding);
    }
    if (kernelSize <= 0) {
      throw new InvalidArgumentException(
          "kernel_size",
          "kernel size should be greater than zero, but got kernel_size=" + kernelSize);
    }
    if (padding > kernelSize / 2) {
      throw new InvalidArgumentException(
          "padding",
          "pad should be at most half of effective kernel size, but got pad="
              + padding
              + ", kernel_size="
              + kernelSize
              + " and dilation=1");
    }
    if (stride < 0) {
      throw new InvalidArgumentException(
          "stride", "stride should be greater than zero, but got stride=" + stride);
    }
  }

  /**
   * Returns {@code nn.AvgPool1d(kernel_size)} in float32.
   *
   * @param kernelSize the kernel size
   * @return the spec
   */
  public static AvgPool1dSpec of(int kernelSize) {
    return new AvgPool1dSpec(kernelSize, null, 0, false, true, DType.FLOAT32);
  }

  /**
   * Returns the stride in use: the given one, or the kernel size for {@code None}.
   *
   * @return the stride
   */
  public int strideValue() {
    return stride == null ? kernelSize : stride;
  }

  @Override
  public String typeName() {
    return "AvgPool1d";
  }

  @Override
  public String extraRepr() {
    // _AvgPoolNd.extra_repr prints the one-element tuples AvgPool1d.__init__ made with _single.
    return "kernel_size=("
        + kernelSize
        + ",), stride=("
        + strideValue()
        + ",), padding=("
        + padding
        + ",)";
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("kernel_size", kernelSize);
    args.put("stride", stride);
    args.put("padding", padding);
    args.put("ceil_mode", ceilMode);
    args.put("count_include_pad", countIncludePad);
    return args;
  }

  @Override
  public AvgPool1dSpec withDType(DType value) {
    return new AvgPool1dSpec(kernelSize, stride, padding, ceilMode, countIncludePad, value);
  }

  /**
   * Returns the number of windows over an input of {@code length}.
   *
   * @param length the input length
   * @return libtorch's output length, possibly below 1
   */
  public long outputLength(int length) {
    return PoolShapes.outputLength(length, kernelSize, padding, strideValue(), 1, ceilMode);
  }

  /**
   * Returns the first input position of window {@code o}, possibly in the left padding.
   *
   * @param o the window
   * @return {@code o * stride - padding}
   */
  public long windowStart(int o) {
    return (long) o * strideValue() - padding;
  }

  /**
   * Returns libtorch's divisor of window {@code o}: with {@code count_include_pad} the window
   * clipped to the padded input, else the input positions it covers.
   *
   * @param o the window
   * @param length the input length
   * @return the divisor, at least 1
   */
  public long divisor(int o, int length) {
    if (countIncludePad) {
      return paddedDivisor(o, length);
    }
    long start = windowStart(o);
    return Math.min(start + kernelSize, length) - Math.max(start, 0);
  }

  /**
   * Returns the divisor {@code count_include_pad=True} gives window {@code o}: the window clipped
   * to the padded input, {@code min(start + kernel_size, length + padding) - start}.
   *
   * @param o the window
   * @param length the input length
   * @return the divisor, at least 1
   */
  public long paddedDivisor(int o, int length) {
    long start = windowStart(o);
    return Math.min(start + kernelSize, (long) length + padding) - start;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    PoolShapes.checkRank(inputShape, "avg_pool1d");
    PoolShapes.checkAvgPoolNonEmpty(inputShape);
    long out = outputLength(inputShape[inputShape.length - 1]);
    PoolShapes.checkAvgPoolOutput(inputShape, out);
    return PoolShapes.withLength(inputShape, out);
  }

  @Override
  public String toString() {
    return repr();
  }
}
