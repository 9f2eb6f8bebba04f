package org.torchparity.spec;

/**
 * {@code torch.nn.Tanh()}: {@code tanh(x)}, elementwise on any shape (rank 0 included). It has no
 * arguments, no parameters and no mode.
 *
 * @param dtype the floating dtype of inputs and outputs
 */
public record TanhSpec(DType dtype) implements ArgumentFreeActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param dtype float32 or float64
   */
  public TanhSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Tanh()} in float32.
   *
   * @return the spec
   */
  public static TanhSpec of() {
    return new TanhSpec(DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Tanh";
  }

  @Override
  public TanhSpec withDType(DType value) {
    return new TanhSpec(value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
