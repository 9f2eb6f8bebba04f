package org.torchparity.reference;

/**
 * {@code nn.Hardsigmoid}: {@code y = min(max(x + 3, 0), 6) / 6}; {@code grad_input = grad *
 * one_sixth} strictly between -3 and 3, 0 elsewhere (at ±3, ±inf and NaN), where {@code one_sixth}
 * is PyTorch's float32 constant {@code 1.0f / 6.0f} in both dtypes (PyTorch 1.13 and libtorch 2.7.1
 * give 0.1666666716337204 times {@code grad} in float64 too).
 */
public final class ReferenceHardsigmoid extends ReferencePointwise {
  private static final double ONE_SIXTH = 1.0f / 6.0f;

  @Override
  protected double apply(double x) {
    return Math.min(Math.max(x + 3, 0), 6) / 6;
  }

  @Override
  protected double gradient(double x, double gradOutput) {
    return x > -3 && x < 3 ? gradOutput * ONE_SIXTH : 0;
  }
}
