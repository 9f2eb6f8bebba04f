package org.torchparity.spec;

/**
 * {@code torch.nn.Mish(inplace=False)}: {@code x * tanh(softplus(x))}, elementwise on any shape.
 * {@code inplace} changes only where PyTorch writes the result; torch-parity always returns a new
 * array, so it is kept for the repr alone.
 *
 * @param inplace PyTorch's {@code inplace} argument, shown in the repr as {@code inplace=True}
 * @param dtype the floating dtype of inputs and outputs
 */
public record MishSpec(boolean inplace, DType dtype) implements InplaceActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public MishSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Mish()} in float32.
   *
   * @return the spec
   */
  public static MishSpec of() {
    return new MishSpec(false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Mish";
  }

  @Override
  public MishSpec withDType(DType value) {
    return new MishSpec(inplace, value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
