package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.MishSpec;

/**
 * {@code torch.nn.Mish}: {@code x * tanh(softplus(x))} elementwise on any shape. DJL 0.36 does not
 * reach libtorch's {@code mish}, so the forward is composed of libtorch's {@code softplus}, {@code
 * tanh} and a product ({@link GateOps#mish}); backward is libtorch's autograd of that composition,
 * PyTorch's {@code mish_backward} formula up to rounding.
 */
public final class Mish extends Module {

  private Mish(MishSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.Mish()} in float32 on the CPU.
   *
   * @return the module
   */
  public static Mish of() {
    return of(MishSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Mish of(MishSpec spec, DeviceSpec device) {
    return new Mish(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    return GateOps.mish(input);
  }
}
