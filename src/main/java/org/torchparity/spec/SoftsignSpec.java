package org.torchparity.spec;

/**
 * {@code torch.nn.Softsign()}: {@code x / (1 + |x|)}, elementwise on any shape (rank 0 included).
 * It has no arguments, no parameters and no mode.
 *
 * @param dtype the floating dtype of inputs and outputs
 */
public record SoftsignSpec(DType dtype) implements ArgumentFreeActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param dtype float32 or float64
   */
  public SoftsignSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Softsign()} in float32.
   *
   * @return the spec
   */
  public static SoftsignSpec of() {
    return new SoftsignSpec(DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Softsign";
  }

  @Override
  public SoftsignSpec withDType(DType value) {
    return new SoftsignSpec(value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
