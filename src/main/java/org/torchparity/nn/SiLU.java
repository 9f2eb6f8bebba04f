package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.SiluSpec;

/**
 * {@code torch.nn.SiLU}: {@code x * sigmoid(x)} elementwise on any shape. DJL 0.36 does not reach
 * libtorch's {@code silu}, so the forward is libtorch's {@code sigmoid} times the input (PyTorch
 * computes {@code x / (1 + exp(-x))}, the same value up to one rounding; see {@link GateOps#silu});
 * backward is libtorch's autograd of that product, which is PyTorch's {@code silu_backward} formula
 * and stays finite where {@code exp(-x)} overflows.
 */
public final class SiLU extends Module {

  private SiLU(SiluSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.SiLU()} in float32 on the CPU.
   *
   * @return the module
   */
  public static SiLU of() {
    return of(SiluSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static SiLU of(SiluSpec spec, DeviceSpec device) {
    return new SiLU(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    return GateOps.silu(input);
  }
}
