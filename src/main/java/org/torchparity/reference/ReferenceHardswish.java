package org.torchparity.reference;

import org.torchparity.spec.DType;

/**
 * {@code nn.Hardswish}: {@code y = x * min(max(x + 3, 0), 6) / 6}, with the product rounded to the
 * dtype before the division as PyTorch's kernel rounds it (so {@code x * 6} overflows to inf above
 * 5.7e37 in float32, as in PyTorch). {@code grad_input}: 0 below -3, {@code grad * (x / 3 + 0.5)}
 * from -3 to 3 inclusive, {@code grad} above 3, as libtorch 2.7.1's {@code hardswish_backward}; NaN
 * for a NaN input (the kernel's vectorized body; its scalar tail passes {@code grad}).
 */
public final class ReferenceHardswish extends ReferencePointwise {
  private final DType dtype;

  /**
   * Creates the reference.
   *
   * @param dtype the module's dtype
   */
  public ReferenceHardswish(DType dtype) {
    this.dtype = dtype;
  }

  @Override
  protected double apply(double x) {
    return dtype.round(x * Math.min(Math.max(x + 3, 0), 6)) / 6;
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    if (x < -3) {
      return 0;
    }
    if (x > 3) {
      return gradOutput;
    }
    return gradOutput * (x / 3 + 0.5); // NaN for a NaN x
  }
}
