package org.torchparity.spec;

import java.util.Map;

/**
 * {@code torch.nn.Identity(*args, **kwargs)}: returns its input unchanged, any shape. PyTorch's
 * constructor accepts and ignores any arguments ({@code nn.Identity(54, unused='x')} is valid), so
 * the spec keeps none: it prints {@code Identity()} and writes no arguments back.
 *
 * @param dtype the floating dtype of inputs and outputs
 */
public record IdentitySpec(DType dtype) implements ModuleSpec {

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
  public String extraRepr() {
    return "";
  }

  @Override
  public Map<String, Object> arguments() {
    return Map.of();
  }

  @Override
  public IdentitySpec withDType(DType value) {
    return new IdentitySpec(value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(inputShape);
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return repr();
  }
}
