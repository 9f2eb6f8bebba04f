package org.torchparity.reference;

/**
 * {@code nn.ReLU}: {@code y = x > 0 ? x : 0}, except that NaN stays NaN and {@code -0.0} stays
 * {@code -0.0} (torch's {@code clamp_min(x, 0)} keeps both); {@code grad_input = x <= 0 ? 0 :
 * grad_output}, so a NaN input passes the gradient through.
 */
public final class ReferenceRelu extends ReferencePointwise {

  @Override
  protected double apply(double x) {
    return x < 0 ? 0.0 : x;
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    return x <= 0 ? 0.0 : gradOutput;
  }
}
