package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.HardsigmoidSpec;

/**
 * {@code torch.nn.Hardsigmoid}: {@code min(max(x + 3, 0), 6) / 6} elementwise on any shape. DJL
 * 0.36 does not reach libtorch's {@code hardsigmoid}, so the forward is composed in PyTorch's
 * kernel's order ({@link GateOps#hardsigmoid}). Backward is written out ({@link
 * GateOps#hardsigmoidBackward}) rather than left to autograd, which gives half the slope at ±3
 * ({@code maximum}/{@code minimum} split the gradient at a tie), 1/6 for NaN, and divides by an
 * exact 6: PyTorch's {@code hardsigmoid_backward} gives 0 at ±3 (and for NaN) and multiplies by the
 * float32 constant {@code 1.0f / 6.0f}, in float64 too.
 */
public final class Hardsigmoid extends Module {

  private Hardsigmoid(HardsigmoidSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.Hardsigmoid()} in float32 on the CPU.
   *
   * @return the module
   */
  public static Hardsigmoid of() {
    return of(HardsigmoidSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Hardsigmoid of(HardsigmoidSpec spec, DeviceSpec device) {
    return new Hardsigmoid(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    return GateOps.hardsigmoid(input);
  }

  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    return new ArrayGradients(GateOps.hardsigmoidBackward(input, gradOutput), Map.of());
  }
}
