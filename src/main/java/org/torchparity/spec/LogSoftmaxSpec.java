package org.torchparity.spec;

import java.util.Map;

/**
 * {@code torch.nn.LogSoftmax(dim=None)}: {@code x_i - max - log(sum_j exp(x_j - max))} along one
 * dimension of an input of any rank. {@code dim} may be negative (counted from the end); {@code
 * None} takes PyTorch's legacy implicit choice ({@link SoftmaxDims#implicit}: dimension 0 for
 * inputs of 0, 1 or 3 dimensions, else 1), with PyTorch's deprecation warning. A {@code dim} out of
 * range is refused at forward, where PyTorch refuses it ({@code IndexError: Dimension out of
 * range}).
 *
 * @param dim the dimension, {@code null} for {@code None}
 * @param dtype the floating dtype of inputs and outputs
 */
public record LogSoftmaxSpec(Integer dim, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype; {@code dim} is checked against each input's rank.
   *
   * @param dim any int or {@code null}
   * @param dtype float32 or float64
   */
  public LogSoftmaxSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.LogSoftmax(dim=dim)} in float32.
   *
   * @param dim the dimension, {@code null} for {@code None}
   * @return the spec
   */
  public static LogSoftmaxSpec of(Integer dim) {
    return new LogSoftmaxSpec(dim, DType.FLOAT32);
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
    return "LogSoftmax";
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
  public LogSoftmaxSpec withDType(DType value) {
    return new LogSoftmaxSpec(dim, value);
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
