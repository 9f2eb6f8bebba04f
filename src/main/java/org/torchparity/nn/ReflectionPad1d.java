package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.ReflectionPad1dSpec;

/**
 * {@code torch.nn.ReflectionPad1d}: pads the last axis with the mirror image of the signal without
 * its edge, built by {@link PaddingAdapter} from slice, flip, repeat and concatenate (or one gather
 * where a side crops), the same code that gives the convolutions their padding modes. Backward is
 * libtorch's autograd of those ops, which adds each padded element's gradient back onto the input
 * element it copies, as {@code reflection_pad1d_backward} does.
 */
public final class ReflectionPad1d extends Module {
  private final ReflectionPad1dSpec spec;

  private ReflectionPad1d(ReflectionPad1dSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.ReflectionPad1d(padding)} in float32 on the CPU.
   *
   * @param padding one int for both sides or {@code (left, right)}
   * @return the module
   */
  public static ReflectionPad1d of(int... padding) {
    return of(ReflectionPad1dSpec.of(padding), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static ReflectionPad1d of(ReflectionPad1dSpec spec, DeviceSpec device) {
    return new ReflectionPad1d(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    NDArray out = PaddingAdapter.pad(input, PaddingMode.REFLECT, spec.left(), spec.right());
    return out == input ? PaddingAdapter.copy(input) : out;
  }
}
