package org.torchparity.spec;

import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.ReplicationPad1d(padding)}: pads the last dimension of a {@code (C, L)} or {@code
 * (N, C, L)} input by repeating its edge elements ({@code x[0]} {@code left} times before, {@code
 * x[L-1]} {@code right} times after). A negative side crops.
 *
 * @param left elements added before (removed when negative)
 * @param right elements added after (removed when negative)
 * @param dtype the floating dtype of inputs and outputs
 */
public record ReplicationPad1dSpec(int left, int right, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype.
   *
   * @param left elements before
   * @param right elements after
   * @param dtype float32 or float64
   */
  public ReplicationPad1dSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.ReplicationPad1d(padding)} in float32.
   *
   * @param padding one int for both sides or {@code (left, right)}
   * @return the spec
   */
  public static ReplicationPad1dSpec of(int... padding) {
    int[] p = PadShapes.pair("ReplicationPad1d", padding);
    return new ReplicationPad1dSpec(p[0], p[1], DType.FLOAT32);
  }

  /**
   * Returns the module for a padding given as PyTorch takes it: one int for both sides or a pair.
   *
   * @param padding one or two ints
   * @param dtype float32 or float64
   * @return the spec
   * @throws InvalidArgumentException naming {@code padding} when it has another length
   */
  public static ReplicationPad1dSpec ofPadding(int[] padding, DType dtype) {
    int[] p = PadShapes.pair("ReplicationPad1d", padding);
    return new ReplicationPad1dSpec(p[0], p[1], dtype);
  }

  @Override
  public String typeName() {
    return "ReplicationPad1d";
  }

  @Override
  public String extraRepr() {
    return "(" + left + ", " + right + ")";
  }

  @Override
  public Map<String, Object> arguments() {
    return Map.of("padding", List.of(left, right));
  }

  @Override
  public ReplicationPad1dSpec withDType(DType value) {
    return new ReplicationPad1dSpec(left, right, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return PadShapes.reflectOrReplicate(inputShape, left, right, false);
  }

  @Override
  public String toString() {
    return repr();
  }
}
