package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.LeakyReLU}: {@code y = x > 0 ? x : x * negative_slope}; {@code grad_input = x > 0 ?
 * grad_output : grad_output * negative_slope} ({@code leaky_relu_backward}), so the gradient at 0
 * and at a NaN input is scaled. The slope is rounded to the dtype, as the kernel rounds it.
 */
public final class ReferenceLeakyRelu extends ReferencePointwise {
  private final double slope;

  /**
   * Creates the reference.
   *
   * @param negativeSlope the slope for inputs not above 0
   * @param dtype the module's dtype
   */
  public ReferenceLeakyRelu(double negativeSlope, DType dtype) {
    this.slope = RectifierMath.round(dtype, negativeSlope);
  }

  @Override
  protected double apply(double x) {
    return x > 0 ? x : x * slope;
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    return x > 0 ? gradOutput : gradOutput * slope;
  }
}
