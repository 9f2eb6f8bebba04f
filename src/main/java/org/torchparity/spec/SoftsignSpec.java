package org.torchparity.spec;

import java.util.Map;

/**
 * {@code torch.nn.Softsign()}: {@code x / (1 + |x|)}, elementwise on any shape (rank 0 included).
 * It has no arguments, no parameters and no mode.
 *
 * @param dtype the floating dtype of inputs and outputs
 */
public record SoftsignSpec(DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype.
   *
   * @param dtype float32 or float64
   */
  public SoftsignSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Softsign()} in float32.
   *
   * @return the spec
   */
  public static SoftsignSpec of() {
    return new SoftsignSpec(DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Softsign";
  }

  @Override
  public String extraRepr() {
    return "";
  }

  @Override
  public Map<String, Object> arguments() {
    return Map.of();
  }

  @Override
  public SoftsignSpec withDType(DType value) {
    return new SoftsignSpec(value);
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
