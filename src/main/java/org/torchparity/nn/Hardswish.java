package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.HardswishSpec;

/**
 * {@code torch.nn.Hardswish}: {@code x * min(max(x + 3, 0), 6) / 6} elementwise on any shape. DJL
 * 0.36 does not reach libtorch's {@code hardswish}, so the forward is composed in PyTorch's
 * kernel's order from libtorch's {@code maximum}, {@code minimum}, product and quotient ({@link
 * GateOps#hardswish}). Backward is written out ({@link GateOps#hardswishBackward}) rather than left
 * to autograd, whose {@code maximum}/{@code minimum} split the gradient at a tie (-0.25 at -3, 1.25
 * at 3): it follows libtorch 2.7.1's {@code hardswish_backward} (slope -0.5 at -3, 1.5 at 3, 0
 * below -3, 1 above 3, NaN for NaN).
 */
public final class Hardswish extends Module {

  private Hardswish(HardswishSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.Hardswish()} in float32 on the CPU.
   *
   * @return the module
   */
  public static Hardswish of() {
    return of(HardswishSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Hardswish of(HardswishSpec spec, DeviceSpec device) {
    return new Hardswish(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    return GateOps.hardswish(input);
  }

  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    return new ArrayGradients(GateOps.hardswishBackward(input, gradOutput), Map.of());
  }
}
