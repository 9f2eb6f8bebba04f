package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.ELU(alpha=1.0, inplace=False)}: {@code x > 0 ? x : alpha * (exp(x) - 1)}
 * elementwise, any shape. Any alpha is accepted, as PyTorch accepts it. {@code inplace} is kept for
 * the repr alone (torch-parity always returns a new array, so it always differentiates the
 * out-of-place {@code elu}).
 *
 * @param alpha PyTorch's {@code alpha}
 * @param inplace PyTorch's {@code inplace}
 * @param dtype the floating dtype of inputs and outputs
 */
public record EluSpec(double alpha, boolean inplace, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype.
   *
   * @param alpha PyTorch's {@code alpha}
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public EluSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.ELU(alpha)} in float32.
   *
   * @param alpha the saturation value for negative inputs
   * @return the spec
   */
  public static EluSpec of(double alpha) {
    return new EluSpec(alpha, false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "ELU";
  }

  @Override
  public String extraRepr() {
    return "alpha=" + RectifierArgs.pyRepr(alpha) + RectifierArgs.inplaceSuffix(inplace);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("alpha", RectifierArgs.json(alpha));
    args.put("inplace", inplace);
    return args;
  }

  @Override
  public EluSpec withDType(DType value) {
    return new EluSpec(alpha, inplace, value);
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
