package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.LeakyReLU(negative_slope=0.01, inplace=False)}: {@code x > 0 ? x : negative_slope
 * * x} elementwise, any shape. Any slope is accepted, as PyTorch accepts it (negative, zero, above
 * one, even NaN). {@code inplace} is kept for the repr alone (torch-parity always returns a new
 * array, so the in-place backward's refusal of a negative slope does not arise).
 *
 * @param negativeSlope PyTorch's {@code negative_slope}
 * @param inplace PyTorch's {@code inplace}
 * @param dtype the floating dtype of inputs and outputs
 */
public record LeakyReluSpec(double negativeSlope, boolean inplace, DType dtype)
    implements ModuleSpec {
  /** PyTorch's default {@code negative_slope}. */
  public static final double DEFAULT_NEGATIVE_SLOPE = 0.01;

  /**
   * Validates the dtype.
   *
   * @param negativeSlope PyTorch's {@code negative_slope}
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public LeakyReluSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.LeakyReLU(negative_slope)} in float32.
   *
   * @param negativeSlope the slope for negative inputs
   * @return the spec
   */
  public static LeakyReluSpec of(double negativeSlope) {
    return new LeakyReluSpec(negativeSlope, false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "LeakyReLU";
  }

  @Override
  public String extraRepr() {
    return "negative_slope="
        + RectifierArgs.pyRepr(negativeSlope)
        + RectifierArgs.inplaceSuffix(inplace);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("negative_slope", RectifierArgs.json(negativeSlope));
    args.put("inplace", inplace);
    return args;
  }

  @Override
  public LeakyReluSpec withDType(DType value) {
    return new LeakyReluSpec(negativeSlope, inplace, value);
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
