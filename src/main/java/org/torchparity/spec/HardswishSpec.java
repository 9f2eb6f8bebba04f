package org.torchparity.spec;

/**
 * {@code torch.nn.Hardswish(inplace=False)}: {@code x * relu6(x + 3) / 6}, elementwise on any
 * shape. {@code inplace} changes only where PyTorch writes the result; torch-parity always returns
 * a new array, so it is kept for the arguments alone: PyTorch's repr does not show it ({@code
 * Hardswish} has no {@code extra_repr}).
 *
 * @param inplace PyTorch's {@code inplace} argument
 * @param dtype the floating dtype of inputs and outputs
 */
public record HardswishSpec(boolean inplace, DType dtype) implements InplaceActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public HardswishSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Hardswish()} in float32.
   *
   * @return the spec
   */
  public static HardswishSpec of() {
    return new HardswishSpec(false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Hardswish";
  }

  /** Empty: PyTorch's {@code extra_repr} for this class prints no {@code inplace}. */
  @Override
  public String extraRepr() {
    return "";
  }

  @Override
  public HardswishSpec withDType(DType value) {
    return new HardswishSpec(inplace, value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
