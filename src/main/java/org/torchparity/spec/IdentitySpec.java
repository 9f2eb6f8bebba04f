package org.torchparity.spec;

/**
 * {@code torch.nn.Identity(*args, **kwargs)}: returns its input unchanged, any shape. PyTorch's
 * constructor accepts and ignores any arguments ({@code nn.Identity(54, unused='x')} is valid), so
 * the spec keeps none: it prints {@code Identity()} and writes no arguments back.
 *
 * @param dtype the floating dtype of inputs and outputs
 */
public record IdentitySpec(DType dtype) implements ArgumentFreeActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param dtype float32 or float64
   */
  public IdentitySpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Identity()} in float32.
   *
   * @return the spec
   */
  public static IdentitySpec of() {
    return new IdentitySpec(DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Identity";
  }

  @Override
  public IdentitySpec withDType(DType value) {
    return new IdentitySpec(value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
