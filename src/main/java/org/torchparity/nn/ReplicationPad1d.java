package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.ReplicationPad1dSpec;

/**
 * {@code torch.nn.ReplicationPad1d}: pads the last axis with the edge elements repeated, built by
 * {@link PaddingAdapter} from slice, flip, repeat and concatenate (or one gather where a side
 * crops), the same code that gives the convolutions their padding modes. Backward is libtorch's
 * autograd of those ops, which adds each padded element's gradient back onto the input element it
 * copies, as {@code replication_pad1d_backward} does.
 */
public final class ReplicationPad1d extends Module {
  private final ReplicationPad1dSpec spec;

  private ReplicationPad1d(ReplicationPad1dSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.ReplicationPad1d(padding)} in float32 on the CPU.
   *
   * @param padding one int for both sides or {@code (left, right)}
   * @return the module
   */
  public static ReplicationPad1d of(int... padding) {
    return of(ReplicationPad1dSpec.of(padding), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static ReplicationPad1d of(ReplicationPad1dSpec spec, DeviceSpec device) {
    return new ReplicationPad1d(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    NDArray out = PaddingAdapter.pad(input, PaddingMode.REPLICATE, spec.left(), spec.right());
    return out == input ? PaddingAdapter.copy(input) : out;
  }
}
