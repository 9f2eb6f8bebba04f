package org.torchparity.reference;

/**
 * {@code nn.SiLU}: {@code y = x / (1 + exp(-x))}, PyTorch's kernel's formula; {@code grad_input =
 * grad * s * (1 + x * (1 - s))} with {@code s = 1 / (1 + exp(-x))}, PyTorch's {@code
 * silu_backward}. NaN and ±inf give NaN gradients (as {@code 0 * inf} does in PyTorch's).
 */
public final class ReferenceSilu extends ReferencePointwise {

  @Override
  protected double apply(double x) {
    return x / (1 + Math.exp(-x));
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    double s = 1 / (1 + Math.exp(-x));
    return gradOutput * s * (1 + x * (1 - s));
  }
}
