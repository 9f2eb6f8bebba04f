package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.Hardtanh} and {@code nn.ReLU6} ({@code Hardtanh(0, 6)}): {@code y = min(max(x, min),
 * max)} as {@code std::min(std::max(x, min), max)} (a NaN stays NaN, an input equal to a bound is
 * returned as it is); {@code grad_input = (x <= min || x >= max) ? 0 : grad_output}, libtorch's
 * {@code hardtanh_backward} scalar kernel: no gradient at the bounds, and a NaN input passes the
 * gradient (the vectorised kernel gives 0 there; see {@code docs/modules/activations-rect.md}). The
 * bounds are rounded to the dtype, as the kernel rounds them.
 */
public final class ReferenceHardtanh extends ReferencePointwise {
  private final double min;
  private final double max;

  /**
   * Creates the reference.
   *
   * @param minVal the lower bound
   * @param maxVal the upper bound
   * @param dtype the module's dtype
   */
  public ReferenceHardtanh(double minVal, double maxVal, DType dtype) {
    this.min = RectifierMath.round(dtype, minVal);
    this.max = RectifierMath.round(dtype, maxVal);
  }

  @Override
  protected double apply(double x) {
    double lower = x < min ? min : x;
    return max < lower ? max : lower;
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    return (x <= min || x >= max) ? 0.0 : gradOutput;
  }
}
