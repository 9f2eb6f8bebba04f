package org.torchparity.spec;

/**
 * {@code torch.nn.ReLU6(inplace=False)}: {@code min(max(0, x), 6)} elementwise, any shape; PyTorch
 * implements it as {@code Hardtanh(0, 6)}, so its gradient is {@code hardtanh_backward}'s (none at
 * 0 and 6). {@code inplace} changes only where PyTorch writes the result; torch-parity always
 * returns a new array, so it is kept for the repr alone.
 *
 * @param inplace PyTorch's {@code inplace}, shown in the repr as {@code inplace=True}
 * @param dtype the floating dtype of inputs and outputs
 */
public record Relu6Spec(boolean inplace, DType dtype) implements InplaceActivationSpec {

  /**
   * Validates the dtype.
   *
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public Relu6Spec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.ReLU6()} in float32.
   *
   * @return the spec
   */
  public static Relu6Spec of() {
    return new Relu6Spec(false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "ReLU6";
  }

  @Override
  public Relu6Spec withDType(DType value) {
    return new Relu6Spec(inplace, value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
