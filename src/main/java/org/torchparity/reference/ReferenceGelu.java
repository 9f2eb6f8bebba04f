package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.GELU}. {@code approximate='none'}: {@code y = x * Phi(x) = 0.5 * x * (1 + erf(x /
 * sqrt(2)))}, {@code grad_input = grad * (Phi(x) + x * exp(-x^2 / 2) / sqrt(2 pi))}. {@code
 * approximate='tanh'}: {@code y = 0.5 * x * (1 + tanh(inner))} with {@code inner = kBeta * (x +
 * kKappa * x^3)}, {@code kBeta = sqrt(2/pi)}, {@code kKappa = 0.044715}, and PyTorch's {@code
 * gelu_backward}: {@code grad * (0.5 * (1 + tanh) + 0.5 * x * (1 - tanh^2) * kBeta * (1 + 3 kKappa
 * x^2))}.
 *
 * <p>Two float32 behaviours of the engine are reproduced on purpose. PyTorch's tanh-form backward
 * squares {@code x} in the input's dtype, so where {@code x^2} overflows (|x| above 1.8e19 in
 * float32) the gradient is {@code 0 * inf = NaN}; the reference rounds {@code x^2} to the dtype for
 * that. And libtorch 2.7.1's float32 {@code gelu} (the exact form, on tensors of two or more
 * elements) returns NaN for +inf and inf above {@code Float.MAX_VALUE / 2}, where PyTorch 1.13
 * returned inf and the input: torch-parity follows 2.7.1.
 */
public final class ReferenceGelu extends ReferencePointwise {
  private static final double BETA = Math.sqrt(2) * (2 / Math.sqrt(Math.PI)) * 0.5;
  private static final double KAPPA = 0.044715;

  private final DType dtype;
  private final boolean tanh;

  /**
   * Creates the reference.
   *
   * @param dtype the module's dtype
   * @param tanh {@code true} for {@code approximate='tanh'}
   */
  public ReferenceGelu(DType dtype, boolean tanh) {
    this.dtype = dtype;
    this.tanh = tanh;
  }

  @Override
  protected double apply(double x) {
    if (tanh) {
      double inner = BETA * (x + KAPPA * x * x * x);
      return 0.5 * x * (1 + Math.tanh(inner));
    }
    if (dtype == DType.FLOAT32 && x > Float.MAX_VALUE / 2.0) {
      // libtorch 2.7.1's float32 kernel forms x * (1 + erf) = 2x, which overflows here, and
      // returns NaN for +inf (measured; PyTorch 1.13 gives the input, and inf for +inf).
      return x == Double.POSITIVE_INFINITY ? Double.NaN : Double.POSITIVE_INFINITY;
    }
    return 0.5 * x * (1 + GateMath.erf(x / Math.sqrt(2)));
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    if (tanh) {
      double xSquared = dtype.round(x * x); // inf where PyTorch's x * x overflows the dtype
      double inner = BETA * (x + KAPPA * xSquared * x);
      double t = Math.tanh(inner);
      double leftDerivative = 0.5 * (1 + t);
      double rightDerivative = (1 - t * t) * BETA * (1 + 3 * KAPPA * xSquared);
      return gradOutput * (leftDerivative + 0.5 * x * rightDerivative);
    }
    double cdf = 0.5 * (1 + GateMath.erf(x / Math.sqrt(2)));
    double pdf = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    return gradOutput * (cdf + x * pdf);
  }
}
