package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.Hardtanh(min_val=-1.0, max_val=1.0, inplace=False)}: {@code clamp(x, min_val,
 * max_val)} elementwise, any shape. Its gradient is {@code hardtanh_backward}'s: the output's
 * gradient strictly inside {@code (min_val, max_val)}, 0 at and beyond both bounds. PyTorch asserts
 * {@code max_val > min_val} at construction (a NaN bound fails it too); so does this record. The
 * deprecated keywords {@code min_value} / {@code max_value} are read by the case parser as PyTorch
 * reads them. {@code inplace} is kept for the repr alone.
 *
 * @param minVal PyTorch's {@code min_val}
 * @param maxVal PyTorch's {@code max_val}
 * @param inplace PyTorch's {@code inplace}
 * @param dtype the floating dtype of inputs and outputs
 */
public record HardtanhSpec(double minVal, double maxVal, boolean inplace, DType dtype)
    implements ModuleSpec {

  /**
   * Validates the bounds and the dtype.
   *
   * @param minVal the lower bound
   * @param maxVal the upper bound, above {@code minVal}
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   * @throws InvalidArgumentException naming {@code max_val} unless {@code max_val > min_val}
   */
  public HardtanhSpec {
    SpecChecks.floating(dtype);
    if (!(maxVal > minVal)) {
      throw new InvalidArgumentException(
          "max_val",
          "max_val must be greater than min_val (PyTorch asserts max_val > min_val) but min_val"
              + " was "
              + RectifierArgs.pyRepr(minVal)
              + " and max_val was "
              + RectifierArgs.pyRepr(maxVal));
    }
  }

  /**
   * Returns {@code nn.Hardtanh(min_val, max_val)} in float32.
   *
   * @param minVal the lower bound
   * @param maxVal the upper bound, above {@code minVal}
   * @return the spec
   */
  public static HardtanhSpec of(double minVal, double maxVal) {
    return new HardtanhSpec(minVal, maxVal, false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Hardtanh";
  }

  @Override
  public String extraRepr() {
    return "min_val="
        + RectifierArgs.pyRepr(minVal)
        + ", max_val="
        + RectifierArgs.pyRepr(maxVal)
        + RectifierArgs.inplaceSuffix(inplace);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("min_val", RectifierArgs.json(minVal));
    args.put("max_val", RectifierArgs.json(maxVal));
    args.put("inplace", inplace);
    return args;
  }

  @Override
  public HardtanhSpec withDType(DType value) {
    return new HardtanhSpec(minVal, maxVal, inplace, value);
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
