package org.torchparity.spec;

/**
 * {@code torch.nn.ReLU(inplace=False)}: {@code max(0, x)} elementwise, any shape. {@code inplace}
 * changes only where PyTorch writes the result; torch-parity always returns a new array, so it is
 * kept for the repr alone.
 *
 * @param inplace PyTorch's {@code inplace} argument, shown in the repr as {@code inplace=True}
 * @param dtype the floating dtype of inputs and outputs
 */
public record ReluSpec(boolean inplace, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype.
   *
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public ReluSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.ReLU()} in float32.
   *
   * @return the spec
   */
  public static ReluSpec of() {
    return new ReluSpec(false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "ReLU";
  }

  @Override
  public String extraRepr() {
    return inplace ? "inplace=True" : "";
  }

  @Override
  public java.util.Map<String, Object> arguments() {
    return java.util.Map.of("inplace", inplace);
  }

  @Override
  public ReluSpec withDType(DType value) {
    return new ReluSpec(inplace, value);
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
