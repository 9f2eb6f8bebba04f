package org.torchparity.spec;

import java.util.Map;

/**
 * {@code torch.nn.Softmax(dim=None)}: {@code exp(x_i - max) / sum_j exp(x_j - max)} along one
 * dimension of an input of any rank. {@code dim} may be negative (counted from the end); {@code
 * None} takes PyTorch's legacy implicit choice ({@link SoftmaxDims#implicit}: dimension 0 for
 * inputs of 0, 1 or 3 dimensions, else 1), with PyTorch's deprecation warning. A {@code dim} out of
 * range is refused at forward, where PyTorch refuses it ({@code IndexError: Dimension out of
 * range}).
 *
 * @param dim the dimension, {@code null} for {@code None}
 * @param dtype the floating dtype of inputs and outputs
 */
public record SoftmaxSpec(Integer dim, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype; {@code dim} is checked against each input's rank.
   *
   * @param dim any int or {@code null}
   * @param dtype float32 or float64
   */
  public SoftmaxSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Softmax(dim=dim)} in float32.
   *
   * @param dim the dimension, {@code null} for {@code None}
   * @return the spec
   */
  public static SoftmaxSpec of(Integer dim) {
    return new SoftmaxSpec(dim, DType.FLOAT32);
  }

  /**
   * Returns the dimension this module reduces over for an input of {@code rank} dimensions.
   *
   * @param rank the input's number of dimensions
   * @return the dimension, non-negative
   * @throws InvalidArgumentException naming {@code dim} when it is out of range
   */
  public int resolvedDim(int rank) {
    return SoftmaxDims.resolve(dim, rank);
  }

  @Override
  public String typeName() {
    return "Softmax";
  }

  @Override
  public String extraRepr() {
    return SoftmaxDims.extraRepr(dim);
  }

  @Override
  public Map<String, Object> arguments() {
    return SoftmaxDims.arguments(dim);
  }

  @Override
  public SoftmaxSpec withDType(DType value) {
    return new SoftmaxSpec(dim, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(inputShape);
    SoftmaxDims.resolve(dim, inputShape.length);
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return repr();
  }
}
