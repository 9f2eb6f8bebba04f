package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.ReluSpec;

/**
 * {@code torch.nn.ReLU}: {@code max(0, x)} elementwise on any shape. Backward is libtorch's
 * autograd of {@code relu} ({@code threshold_backward}, as in PyTorch): {@code grad_output} where
 * the input is above zero, 0 elsewhere; a NaN input passes the gradient through.
 */
public final class ReLU extends Module {

  private ReLU(ReluSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.ReLU()} in float32 on the CPU.
   *
   * @return the module
   */
  public static ReLU of() {
    return of(ReluSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static ReLU of(ReluSpec spec, DeviceSpec device) {
    return new ReLU(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    // relu keeps -0.0 as -0.0 and NaN as NaN, exactly as torch.relu.
    return input.getNDArrayInternal().relu();
  }
}
