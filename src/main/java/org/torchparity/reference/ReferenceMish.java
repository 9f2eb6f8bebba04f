package org.torchparity.reference;

/**
 * {@code nn.Mish}: {@code y = x * tanh(log1p(exp(x)))}, PyTorch's kernel's formula; {@code
 * grad_input = grad * (t + x * s * (1 - t^2))} with {@code t = tanh(log1p(exp(x)))} and {@code s =
 * 1 / (1 + exp(-x))}, PyTorch's {@code mish_backward}.
 */
public final class ReferenceMish extends ReferencePointwise {

  @Override
  protected double apply(double x) {
    return x * Math.tanh(Math.log1p(Math.exp(x)));
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    double s = 1 / (1 + Math.exp(-x));
    double t = Math.tanh(Math.log1p(Math.exp(x)));
    return gradOutput * (t + x * s * (1 - t * t));
  }
}
