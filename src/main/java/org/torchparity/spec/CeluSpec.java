package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.CELU(alpha=1.0, inplace=False)}: {@code x > 0 ? x : alpha * (exp(x / alpha) - 1)}
 * elementwise, any shape. PyTorch builds {@code CELU(0.0)} but refuses every forward call of it
 * ({@code "ZeroDivisionError: alpha cannot be 0 for CELU"}); {@link #outputShape} refuses it there
 * too. {@code inplace} is kept for the repr alone.
 *
 * @param alpha PyTorch's {@code alpha}
 * @param inplace PyTorch's {@code inplace}
 * @param dtype the floating dtype of inputs and outputs
 */
public record CeluSpec(double alpha, boolean inplace, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype.
   *
   * @param alpha PyTorch's {@code alpha}
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public CeluSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.CELU(alpha)} in float32.
   *
   * @param alpha the saturation value and input scale for negative inputs
   * @return the spec
   */
  public static CeluSpec of(double alpha) {
    return new CeluSpec(alpha, false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "CELU";
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
  public CeluSpec withDType(DType value) {
    return new CeluSpec(alpha, inplace, value);
  }

  /**
   * Returns the input's shape, refusing every input when {@code alpha} is 0, as PyTorch's forward
   * does.
   *
   * @param inputShape any shape
   * @return the same shape
   * @throws InvalidArgumentException naming {@code alpha} when it is 0
   */
  @Override
  public int[] outputShape(int[] inputShape) {
    if (alpha == 0) {
      throw new InvalidArgumentException(
          "alpha",
          "alpha must not be 0 for CELU (PyTorch's forward raises \"ZeroDivisionError: alpha"
              + " cannot be 0 for CELU\") but was "
              + RectifierArgs.pyRepr(alpha));
    }
    return RectifierArgs.sameShape(inputShape);
  }

  @Override
  public String toString() {
    return repr();
  }
}
