package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.ELU}, {@code nn.SELU} and {@code nn.CELU}: libtorch's {@code elu(x, alpha, scale,
 * input_scale)} kernel, {@code y = x <= 0 ? (exp(x * input_scale) - 1) * alpha * scale : x *
 * scale}, and its {@code elu_backward} (not from the result), {@code grad_input = x <= 0 ?
 * grad_output * input_scale * alpha * scale * exp(x * input_scale) : grad_output * scale}. At 0 the
 * first branch is taken; a NaN input takes the second (the scalar kernel's answer; the vectorised
 * kernel gives NaN there). The coefficients are formed in the dtype, as the kernel forms them
 * ({@code alpha.to<scalar_t>() * scale.to<scalar_t>()}); CELU's backward uses {@code input_scale =
 * 1 / float(alpha)}, as PyTorch's derivative formula does ({@code 1.0/alpha.toFloat()}). The
 * exponential is rounded to the dtype, as the kernel's is.
 */
public final class ReferenceElu extends ReferencePointwise {
  private final double negativeCoefficient;
  private final double positiveCoefficient;
  private final double inputScale;
  private final double backwardInputScale;
  private final DType dtype;

  private ReferenceElu(
      double alpha, double scale, double inputScale, double backwardInputScale, DType dtype) {
    this.negativeCoefficient =
        RectifierMath.round(
            dtype, RectifierMath.round(dtype, alpha) * RectifierMath.round(dtype, scale));
    this.positiveCoefficient = RectifierMath.round(dtype, scale);
    this.inputScale = RectifierMath.round(dtype, inputScale);
    this.backwardInputScale = RectifierMath.round(dtype, backwardInputScale);
    this.dtype = dtype;
  }

  /**
   * {@code nn.ELU(alpha)}.
   *
   * @param alpha the saturation value
   * @param dtype the module's dtype
   * @return the reference
   */
  public static ReferenceElu elu(double alpha, DType dtype) {
    return new ReferenceElu(alpha, 1, 1, 1, dtype);
  }

  /**
   * {@code nn.SELU()}: {@code alpha = 1.6732632423543772...}, {@code scale =
   * 1.0507009873554804...}.
   *
   * @param alpha PyTorch's {@code SELU_ALPHA}
   * @param scale PyTorch's {@code SELU_SCALE}
   * @param dtype the module's dtype
   * @return the reference
   */
  public static ReferenceElu selu(double alpha, double scale, DType dtype) {
    return new ReferenceElu(alpha, scale, 1, 1, dtype);
  }

  /**
   * {@code nn.CELU(alpha)}: {@code elu(x, alpha, 1, 1 / alpha)}.
   *
   * @param alpha the saturation value and input scale, not 0
   * @param dtype the module's dtype
   * @return the reference
   */
  public static ReferenceElu celu(double alpha, DType dtype) {
    return new ReferenceElu(alpha, 1, 1.0 / alpha, 1.0 / (double) (float) alpha, dtype);
  }

  @Override
  protected double apply(double x) {
    return x <= 0
        ? (RectifierMath.exp(dtype, x * inputScale) - 1) * negativeCoefficient
        : x * positiveCoefficient;
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    return x <= 0
        ? gradOutput
            * backwardInputScale
            * negativeCoefficient
            * RectifierMath.exp(dtype, x * backwardInputScale)
        : gradOutput * positiveCoefficient;
  }
}
