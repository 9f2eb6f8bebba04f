package org.torchparity.reference;

/**
 * {@code nn.Softsign}: {@code y = x / (1 + |x|)}. PyTorch composes it of {@code abs}, {@code add}
 * and {@code div}, so its gradient is autograd's sum of the two paths, {@code g / d + (-g * ((x /
 * d) / d)) * sgn(x)} with {@code d = |x| + 1} and {@code sgn(0) = 0}: an infinite input gives NaN
 * ({@code inf / inf}) in the output and the gradient, as in PyTorch.
 */
public final class ReferenceSoftsign extends ReferencePointwise {

  /** Creates the reference. */
  public ReferenceSoftsign() {}

  @Override
  protected double apply(double x) {
    return x / (Math.abs(x) + 1);
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    double d = Math.abs(x) + 1;
    double throughAbs = -gradOutput * ((x / d) / d) * Math.signum(x);
    return gradOutput / d + throughAbs;
  }
}
