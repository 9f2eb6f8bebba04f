package org.torchparity.spec;

/**
 * {@code torch.nn.Sigmoid()}: {@code 1 / (1 + exp(-x))}, elementwise on any shape (rank 0
 * included). It has no arguments, no parameters and no mode.
 *
 * @param dtype the floating dtype of inputs and outputs
 */
public record SigmoidSpec(DType dtype) implements ArgumentFreeActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param dtype float32 or float64
   */
  public SigmoidSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Sigmoid()} in float32.
   *
   * @return the spec
   */
  public static SigmoidSpec of() {
    return new SigmoidSpec(DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Sigmoid";
  }

  @Override
  public SigmoidSpec withDType(DType value) {
    return new SigmoidSpec(value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
