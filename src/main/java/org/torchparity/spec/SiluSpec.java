package org.torchparity.spec;

/**
 * {@code torch.nn.SiLU(inplace=False)}: {@code x * sigmoid(x)}, elementwise on any shape. {@code
 * inplace} changes only where PyTorch writes the result; torch-parity always returns a new array,
 * so it is kept for the repr alone.
 *
 * @param inplace PyTorch's {@code inplace} argument, shown in the repr as {@code inplace=True}
 * @param dtype the floating dtype of inputs and outputs
 */
public record SiluSpec(boolean inplace, DType dtype) implements InplaceActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public SiluSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.SiLU()} in float32.
   *
   * @return the spec
   */
  public static SiluSpec of() {
    return new SiluSpec(false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "SiLU";
  }

  @Override
  public SiluSpec withDType(DType value) {
    return new SiluSpec(inplace, value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
