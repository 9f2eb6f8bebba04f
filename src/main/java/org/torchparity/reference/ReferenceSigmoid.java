package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.Sigmoid}: {@code y = 1 / (1 + exp(-x))}; {@code grad_input = grad_output * (1 - y) *
 * y}, libtorch's {@code sigmoid_backward}, which reads the output rounded to the dtype. NaN gives
 * NaN; {@code +inf} gives 1 and {@code -inf} 0, both with a zero gradient.
 */
public final class ReferenceSigmoid extends ReferencePointwise {
  private final DType dtype;

  /**
   * Creates the reference.
   *
   * @param dtype the module's dtype
   */
  public ReferenceSigmoid(DType dtype) {
    this.dtype = dtype;
  }

  @Override
  protected double apply(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    double y = RectifierMath.round(dtype, apply(x));
    return gradOutput * (1 - y) * y;
  }
}
