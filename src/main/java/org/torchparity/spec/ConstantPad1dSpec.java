package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.ConstantPad1d(padding, value)}: pads the last dimension of an input of any rank
 * with {@code value}, {@code left} elements before and {@code right} after; a negative side crops
 * instead, as {@code F.pad} does.
 *
 * @param left elements added before (removed when negative)
 * @param right elements added after (removed when negative)
 * @param value the fill value as it was given: a {@link Long} prints as an int ({@code value=0}), a
 *     {@link Double} as a float ({@code value=0.0})
 * @param dtype the floating dtype of inputs and outputs
 */
public record ConstantPad1dSpec(int left, int right, Number value, DType dtype)
    implements ModuleSpec {

  /**
   * Validates the dtype and keeps the value's kind.
   *
   * @param left elements before
   * @param right elements after
   * @param value the fill value, required (PyTorch's {@code value} has no default)
   * @param dtype float32 or float64
   */
  public ConstantPad1dSpec {
    value = PythonScalars.normalise("value", value);
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.ConstantPad1d(padding, value)} in float32, the same padding on both sides.
   *
   * @param padding elements added on each side
   * @param value the fill value
   * @return the spec
   */
  public static ConstantPad1dSpec of(int padding, Number value) {
    return new ConstantPad1dSpec(padding, padding, value, DType.FLOAT32);
  }

  /**
   * Returns {@code nn.ConstantPad1d((left, right), value)} in float32.
   *
   * @param left elements before
   * @param right elements after
   * @param value the fill value
   * @return the spec
   */
  public static ConstantPad1dSpec of(int left, int right, Number value) {
    return new ConstantPad1dSpec(left, right, value, DType.FLOAT32);
  }

  /**
   * Returns the module for a padding given as PyTorch takes it: one int for both sides or a pair.
   *
   * @param padding one or two ints
   * @param value the fill value
   * @param dtype float32 or float64
   * @return the spec
   * @throws InvalidArgumentException naming {@code padding} when it has another length
   */
  public static ConstantPad1dSpec ofPadding(int[] padding, Number value, DType dtype) {
    int[] p = PadShapes.pair("ConstantPad1d", padding);
    return new ConstantPad1dSpec(p[0], p[1], value, dtype);
  }

  @Override
  public String typeName() {
    return "ConstantPad1d";
  }

  @Override
  public String extraRepr() {
    return "padding=(" + left + ", " + right + "), value=" + PythonScalars.str(value);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("padding", List.of(left, right));
    args.put("value", value);
    return args;
  }

  @Override
  public ConstantPad1dSpec withDType(DType value) {
    return new ConstantPad1dSpec(left, right, this.value, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return PadShapes.constant(inputShape, left, right);
  }

  @Override
  public String toString() {
    return repr();
  }
}
