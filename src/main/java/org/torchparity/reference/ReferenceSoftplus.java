package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.Softplus}: libtorch's {@code softplus} kernel, {@code y = t > threshold ? x : log1p(exp
 * (t)) / beta} with {@code t = x * beta}, and {@code softplus_backward}, {@code grad_input = t >
 * threshold ? grad_output : grad_output * z / (z + 1)} with {@code z = exp(t)}. {@code beta},
 * {@code threshold} and the product {@code t} are rounded to the dtype, as the kernel forms them,
 * so the branch is decided on the same value as in PyTorch, and so is {@code exp(t)}, which
 * overflows to {@code inf} in float32 above about 88.72 (an output of {@code inf} and a NaN
 * gradient where the threshold lies above that).
 */
public final class ReferenceSoftplus extends ReferencePointwise {
  private final DType dtype;
  private final double beta;
  private final double threshold;

  /**
   * Creates the reference.
   *
   * @param beta the sharpness
   * @param threshold where {@code x * beta} turns linear
   * @param dtype the module's dtype
   */
  public ReferenceSoftplus(double beta, double threshold, DType dtype) {
    this.dtype = dtype;
    this.beta = RectifierMath.round(dtype, beta);
    this.threshold = RectifierMath.round(dtype, threshold);
  }

  @Override
  protected double apply(double x) {
    double t = RectifierMath.round(dtype, x * beta);
    return t > threshold ? x : Math.log1p(RectifierMath.exp(dtype, t)) / beta;
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    double t = RectifierMath.round(dtype, x * beta);
    if (t > threshold) {
      return gradOutput;
    }
    double z = RectifierMath.exp(dtype, t);
    return gradOutput * z / (z + 1);
  }
}
