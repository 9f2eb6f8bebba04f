package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.Tanh}: {@code y = tanh(x)}; {@code grad_input = grad_output * (1 - y * y)}, libtorch's
 * {@code tanh_backward}, which reads the output rounded to the dtype (so a float32 output of
 * exactly 1 gives a gradient of exactly 0). NaN gives NaN; {@code +-inf} gives {@code +-1} and a
 * zero gradient.
 */
public final class ReferenceTanh extends ReferencePointwise {
  private final DType dtype;

  /**
   * Creates the reference.
   *
   * @param dtype the module's dtype
   */
  public ReferenceTanh(DType dtype) {
    this.dtype = dtype;
  }

  @Override
  protected double apply(double x) {
    return Math.tanh(x);
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    double y = RectifierMath.round(dtype, Math.tanh(x));
    return gradOutput * (1 - y * y);
  }
}
