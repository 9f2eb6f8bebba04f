package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.Relu6Spec;

/**
 * {@code torch.nn.ReLU6}: {@code hardtanh(x, 0, 6)}, as PyTorch computes it. DJL has no {@code
 * hardtanh} op, so it is composed (see {@code RectifierOps.hardtanh}) to give {@code clamp}'s
 * values and {@code hardtanh_backward}'s gradient: none at 0 and 6 themselves.
 */
public final class ReLU6 extends Module {
  private final Relu6Spec spec;

  private ReLU6(Relu6Spec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.ReLU6()} in float32 on the CPU.
   *
   * @return the module
   */
  public static ReLU6 of() {
    return of(Relu6Spec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static ReLU6 of(Relu6Spec spec, DeviceSpec device) {
    return new ReLU6(spec, device);
  }

  @Override
  public Relu6Spec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return RectifierOps.hardtanh(input, 0, 6);
  }
}
