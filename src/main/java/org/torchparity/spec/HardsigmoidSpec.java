package org.torchparity.spec;

import java.util.Map;

/**
 * {@code torch.nn.Hardsigmoid(inplace=False)}: {@code relu6(x + 3) / 6}, elementwise on any shape.
 * {@code inplace} changes only where PyTorch writes the result; torch-parity always returns a new
 * array, so it is kept for the arguments alone: PyTorch's repr does not show it ({@code
 * Hardsigmoid} has no {@code extra_repr}).
 *
 * @param inplace PyTorch's {@code inplace} argument
 * @param dtype the floating dtype of inputs and outputs
 */
public record HardsigmoidSpec(boolean inplace, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype.
   *
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public HardsigmoidSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Hardsigmoid()} in float32.
   *
   * @return the spec
   */
  public static HardsigmoidSpec of() {
    return new HardsigmoidSpec(false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Hardsigmoid";
  }

  @Override
  public String extraRepr() {
    return "";
  }

  @Override
  public Map<String, Object> arguments() {
    return Map.of("inplace", inplace);
  }

  @Override
  public HardsigmoidSpec withDType(DType value) {
    return new HardsigmoidSpec(inplace, value);
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
