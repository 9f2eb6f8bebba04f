package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.Softplus(beta=1.0, threshold=20.0)}: {@code x * beta > threshold ? x : log(1 +
 * exp(beta * x)) / beta} elementwise, any shape, with {@code x * beta} compared in the module's
 * dtype as PyTorch's kernel compares it. Any beta and threshold are accepted, as PyTorch accepts
 * them ({@code beta=0} gives {@code log(2) / 0 = inf}). The repr prints the defaults as PyTorch 2.x
 * does ({@code beta=1.0, threshold=20.0}); PyTorch 1.13's defaults were the ints {@code 1} and
 * {@code 20} and printed so.
 *
 * @param beta PyTorch's {@code beta}
 * @param threshold PyTorch's {@code threshold}
 * @param dtype the floating dtype of inputs and outputs
 */
public record SoftplusSpec(double beta, double threshold, DType dtype) implements ModuleSpec {
  /** PyTorch's default {@code beta}. */
  public static final double DEFAULT_BETA = 1.0;

  /** PyTorch's default {@code threshold}. */
  public static final double DEFAULT_THRESHOLD = 20.0;

  /**
   * Validates the dtype.
   *
   * @param beta PyTorch's {@code beta}
   * @param threshold PyTorch's {@code threshold}
   * @param dtype float32 or float64
   */
  public SoftplusSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Softplus()} in float32.
   *
   * @return the spec
   */
  public static SoftplusSpec of() {
    return new SoftplusSpec(DEFAULT_BETA, DEFAULT_THRESHOLD, DType.FLOAT32);
  }

  /**
   * Returns {@code nn.Softplus(beta, threshold)} in float32.
   *
   * @param beta the sharpness
   * @param threshold where {@code beta * x} turns linear
   * @return the spec
   */
  public static SoftplusSpec of(double beta, double threshold) {
    return new SoftplusSpec(beta, threshold, DType.FLOAT32);
  }

  /**
   * Tells whether beta and threshold are PyTorch's defaults, where libtorch's {@code softplus} op
   * with its default arguments computes the module.
   *
   * @return {@code true} for {@code beta=1, threshold=20}
   */
  public boolean isDefault() {
    return beta == DEFAULT_BETA && threshold == DEFAULT_THRESHOLD;
  }

  @Override
  public String typeName() {
    return "Softplus";
  }

  @Override
  public String extraRepr() {
    return "beta=" + RectifierArgs.pyRepr(beta) + ", threshold=" + RectifierArgs.pyRepr(threshold);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("beta", RectifierArgs.json(beta));
    args.put("threshold", RectifierArgs.json(threshold));
    return args;
  }

  @Override
  public SoftplusSpec withDType(DType value) {
    return new SoftplusSpec(beta, threshold, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return RectifierArgs.sameShape(inputShape);
  }

  @Override
  public String toString() {
    return repr();
  }
}
