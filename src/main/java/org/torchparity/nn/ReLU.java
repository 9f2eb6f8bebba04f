package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.Map;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.ReluSpec;

/**
 * {@code torch.nn.ReLU}: {@code max(0, x)} elementwise on any shape. Backward passes {@code
 * grad_output} where the input is above zero and gives 0 elsewhere, as PyTorch's {@code
 * threshold_backward}: a NaN input passes the gradient through ({@code NaN <= 0} is false), and a
 * NaN gradient where the input is negative becomes 0.
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

  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    NDArray passed = NDArrays.where(input.lte(0), gradOutput.zerosLike(), gradOutput);
    return new ArrayGradients(passed, Map.of());
  }
}
