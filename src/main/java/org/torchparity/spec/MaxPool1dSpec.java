package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
 * ceil_mode=False)}: the largest value of each window of {@code kernel_size} positions, {@code
 * dilation} apart, windows {@code stride} apart over the input padded by {@code padding} on both
 * sides with {@code -inf}. Inputs {@code (N, C, L)} and {@code (C, L)}.
 *
 * <p>PyTorch checks the arguments at the first forward call ({@code max_pool1d}'s {@code
 * check_max_pool1d}); torch-parity checks them here, with the same messages. {@code
 * return_indices=True} adds a second output: each maximum's position in the unpadded input (int64),
 * the first of equal maxima and the last NaN of a window, as libtorch's kernel picks.
 *
 * @param kernelSize PyTorch's {@code kernel_size}, positive
 * @param stride PyTorch's {@code stride}, positive, or {@code null} for {@code None} (the kernel
 *     size)
 * @param padding PyTorch's {@code padding}, from 0 to {@code kernel_size / 2}
 * @param dilation PyTorch's {@code dilation}, positive
 * @param returnIndices PyTorch's {@code return_indices}
 * @param ceilMode PyTorch's {@code ceil_mode}
 * @param dtype the floating dtype of inputs and outputs
 */
public record MaxPool1dSpec(
    SizeArg kernelSize,
    SizeArg stride,
    SizeArg padding,
    SizeArg dilation,
    boolean returnIndices,
    boolean ceilMode,
    DType dtype)
    implements ModuleSpec {

  /**
   * Validates the arguments as libtorch 2.7.1's {@code check_max_pool1d} does.
   *
   * @param kernelSize the kernel size
   * @param stride the stride or {@code null}
   * @param padding the padding
   * @param dilation the dilation
   * @param returnIndices whether the indices are returned too
   * @param ceilMode whether the output length rounds up
   * @param dtype float32 or float64
   */
  public MaxPool1dSpec {
    SpecChecks.notNull("kernel_size", kernelSize);
    SpecChecks.notNull("padding", padding);
    SpecChecks.notNull("dilation", dilation);
    SpecChecks.floating(dtype);
    int k = kernelSize.value();
    if (k <= 0) {
      throw new InvalidArgumentException(
          "kernel_size", "max_pool1d() kernel_size must be greater than zero, but got " + k);
    }
    if (stride != null && stride.value() <= 0) {
      throw new InvalidArgumentException(
          "stride", "max_pool1d() stride must be greater than zero, but got " + stride.value());
    }
    int p = padding.value();
    if (p < 0) {
      throw new InvalidArgumentException(
          "padding", "max_pool1d() padding must be non-negative, but got " + p);
    }
    if (p > k / 2) {
      throw new InvalidArgumentException(
          "padding",
          "max_pool1d() padding should be at most half of kernel size, but got padding="
              + p
              + " and kernel_size="
              + k);
    }
    if (dilation.value() <= 0) {
      throw new InvalidArgumentException(
          "dilation",
          "max_pool1d() dilation must be greater than zero, but got " + dilation.value());
    }
  }

  /**
   * Returns {@code nn.MaxPool1d(kernel_size)} in float32.
   *
   * @param kernelSize the kernel size
   * @return the spec
   */
  public static MaxPool1dSpec of(int kernelSize) {
    return new MaxPool1dSpec(
        SizeArg.of(kernelSize), null, SizeArg.of(0), SizeArg.of(1), false, false, DType.FLOAT32);
  }

  /**
   * Returns the stride in use: the given one, or the kernel size for {@code None}.
   *
   * @return the stride
   */
  public int strideValue() {
    return stride == null ? kernelSize.value() : stride.value();
  }

  @Override
  public String typeName() {
    return "MaxPool1d";
  }

  @Override
  public String extraRepr() {
    // _MaxPoolNd stores stride = kernel_size when None and prints each as Python holds it.
    return "kernel_size="
        + kernelSize
        + ", stride="
        + (stride == null ? kernelSize : stride)
        + ", padding="
        + padding
        + ", dilation="
        + dilation
        + ", ceil_mode="
        + (ceilMode ? "True" : "False");
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("kernel_size", kernelSize.argument());
    args.put("stride", stride == null ? null : stride.argument());
    args.put("padding", padding.argument());
    args.put("dilation", dilation.argument());
    args.put("return_indices", returnIndices);
    args.put("ceil_mode", ceilMode);
    return args;
  }

  @Override
  public MaxPool1dSpec withDType(DType value) {
    return new MaxPool1dSpec(kernelSize, stride, padding, dilation, returnIndices, ceilMode, value);
  }

  @Override
  public List<DType> outputDTypes() {
    return returnIndices ? List.of(dtype, DType.INT64) : List.of(dtype);
  }

  /**
   * Returns the number of windows over an input of {@code length}.
   *
   * @param length the input length
   * @return libtorch's output length, possibly below 1
   */
  public long outputLength(int length) {
    return PoolShapes.outputLength(
        length, kernelSize.value(), padding.value(), strideValue(), dilation.value(), ceilMode);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(SpecChecks.notNull("inputShape", inputShape));
    int rank = inputShape.length;
    boolean accepted =
        (rank == 2 && inputShape[0] != 0 && inputShape[1] != 0)
            || (rank == 3 && inputShape[1] != 0 && inputShape[2] != 0);
    if (!accepted) {
      throw new InvalidArgumentException(
          "input",
          "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for"
              + " input, but got:"
              + PoolShapes.dims(inputShape));
    }
    int length = inputShape[rank - 1];
    long out = outputLength(length);
    if (out <= 0) {
      throw new InvalidArgumentException(
          "input", "max_pool1d() Invalid computed output size: " + out);
    }
    checkNoPaddingOnlyWindow(length, out);
    return PoolShapes.withLength(inputShape, out);
  }

  /**
   * Refuses a window that holds only padding (a dilation wider than the input can jump from the
   * left padding past its end): PyTorch gives {@code -inf} there with an index past the input's
   * end, and its backward pass writes outside the gradient's memory.
   */
  private void checkNoPaddingOnlyWindow(int length, long out) {
    long s = strideValue();
    long p = padding.value();
    long d = dilation.value();
    for (long o = 0; o < out && o * s - p < 0; o++) {
      long start = o * s - p;
      long j = Math.floorDiv(-start + d - 1, d);
      long first = start + j * d;
      if (j >= kernelSize.value() || first >= length) {
        throw new InvalidArgumentException(
            "input",
            "MaxPool1d window "
                + o
                + " over an input of length "
                + length
                + " holds only padding (kernel_size="
                + kernelSize.value()
                + ", padding="
                + p
                + ", dilation="
                + d
                + "): PyTorch returns -inf there with the out-of-range index "
                + first
                + " and its backward writes outside the input, so torch-parity refuses it;"
                + " use a longer input or a smaller dilation");
      }
    }
  }

  @Override
  public String toString() {
    return repr();
  }
}
