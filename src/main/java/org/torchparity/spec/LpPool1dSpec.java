package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.LPPool1d(norm_type, kernel_size, stride=None, ceil_mode=False)}: the power mean
 * of each window, computed as PyTorch's {@code lp_pool1d} composes it: {@code a = avg_pool1d(x^p,
 * kernel_size, stride, 0, ceil_mode)}, then {@code (sign(a) relu(|a|) * kernel_size)^(1/p)}. Inputs
 * {@code (N, C, L)} and {@code (C, L)}.
 *
 * <p>PyTorch's repr prints {@code norm_type} as Python holds it, {@code 2} or {@code 2.0}, so the
 * spec remembers which. A {@code norm_type} of 0 is refused here; PyTorch's forward raises {@code
 * ZeroDivisionError} on {@code 1.0 / norm_type}.
 *
 * @param normType PyTorch's {@code norm_type}, not 0
 * @param integralNormType whether Python received {@code norm_type} as an int
 * @param kernelSize PyTorch's {@code kernel_size}, positive (an int: the forward multiplies by it)
 * @param stride PyTorch's {@code stride}, positive, or {@code null} for {@code None} (the kernel
 *     size)
 * @param ceilMode PyTorch's {@code ceil_mode}
 * @param dtype the floating dtype of inputs and outputs
 */
public record LpPool1dSpec(
    double normType,
    boolean integralNormType,
    int kernelSize,
    SizeArg stride,
    boolean ceilMode,
    DType dtype)
    implements ModuleSpec {

  /**
   * Validates the arguments; PyTorch checks them at the first forward call.
   *
   * @param normType the power
   * @param integralNormType whether the power is a Python int
   * @param kernelSize the kernel size
   * @param stride the stride or {@code null}
   * @param ceilMode whether the output length rounds up
   * @param dtype float32 or float64
   */
  public LpPool1dSpec {
    SpecChecks.floating(dtype);
    if (integralNormType && (normType != Math.rint(normType) || Double.isInfinite(normType))) {
      throw new InvalidArgumentException(
          "norm_type", "an int norm_type must be a whole number but was " + normType);
    }
    if (normType == 0) {
      throw new InvalidArgumentException(
          "norm_type",
          "norm_type must not be 0: PyTorch's lp_pool1d computes 1.0 / norm_type"
              + " (ZeroDivisionError: float division by zero)");
    }
    AvgPool1dSpec.checkWindow(kernelSize, stride == null ? kernelSize : stride.value(), 0);
  }

  /**
   * Returns {@code nn.LPPool1d(norm_type, kernel_size)} with an int power, in float32.
   *
   * @param normType the power
   * @param kernelSize the kernel size
   * @return the spec
   */
  public static LpPool1dSpec of(int normType, int kernelSize) {
    return new LpPool1dSpec(normType, true, kernelSize, null, false, DType.FLOAT32);
  }

  /**
   * Returns {@code nn.LPPool1d(norm_type, kernel_size)} with a float power, in float32.
   *
   * @param normType the power
   * @param kernelSize the kernel size
   * @return the spec
   */
  public static LpPool1dSpec of(double normType, int kernelSize) {
    return new LpPool1dSpec(normType, false, kernelSize, null, false, DType.FLOAT32);
  }

  /**
   * Returns the stride in use: the given one, or the kernel size for {@code None}.
   *
   * @return the stride
   */
  public int strideValue() {
    return stride == null ? kernelSize : stride.value();
  }

  @Override
  public String typeName() {
    return "LPPool1d";
  }

  @Override
  public String extraRepr() {
    return "norm_type="
        + normTypeRepr()
        + ", kernel_size="
        + kernelSize
        + ", stride="
        + (stride == null ? "None" : stride.toString())
        + ", ceil_mode="
        + (ceilMode ? "True" : "False");
  }

  private String normTypeRepr() {
    return integralNormType
        ? new java.math.BigDecimal(normType).toBigInteger().toString()
        : PoolShapes.pythonFloat(normType);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("norm_type", integralNormType ? (Object) (long) normType : (Object) normType);
    args.put("kernel_size", kernelSize);
    args.put("stride", stride == null ? null : stride.argument());
    args.put("ceil_mode", ceilMode);
    return args;
  }

  @Override
  public LpPool1dSpec withDType(DType value) {
    return new LpPool1dSpec(normType, integralNormType, kernelSize, stride, ceilMode, value);
  }

  /**
   * Returns the number of windows over an input of {@code length}.
   *
   * @param length the input length
   * @return libtorch's output length, possibly below 1
   */
  public long outputLength(int length) {
    return PoolShapes.outputLength(length, kernelSize, 0, strideValue(), 1, ceilMode);
  }

  /**
   * Returns the divisor {@code avg_pool1d} uses for window {@code o} (no padding, the padding
   * counted): the window clipped to the input.
   *
   * @param o the window
   * @param length the input length
   * @return the divisor, at least 1
   */
  public long divisor(int o, int length) {
    long start = (long) o * strideValue();
    return Math.min(start + kernelSize, length) - start;
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
