package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.ConstantPad1dSpec;

/**
 * {@code torch.nn.ConstantPad1d}: libtorch's {@code constant_pad_nd} on the last axis, after
 * narrowing it where a side is negative (PyTorch's order, through {@link PaddingAdapter}). Backward
 * is libtorch's autograd: the gradient of the kept elements, the padded ones dropped.
 */
public final class ConstantPad1d extends Module {
  private final ConstantPad1dSpec spec;

  private ConstantPad1d(ConstantPad1dSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.ConstantPad1d(padding, value)} in float32 on the CPU.
   *
   * @param padding elements added on each side (removed when negative)
   * @param value the fill value
   * @return the module
   */
  public static ConstantPad1d of(int padding, double value) {
    return of(ConstantPad1dSpec.of(padding, value), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static ConstantPad1d of(ConstantPad1dSpec spec, DeviceSpec device) {
    return new ConstantPad1d(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    NDArray out =
        PaddingAdapter.padOrCrop(input, spec.left(), spec.right(), spec.value().doubleValue());
    return out == input ? PaddingAdapter.copy(input) : out;
  }
}
