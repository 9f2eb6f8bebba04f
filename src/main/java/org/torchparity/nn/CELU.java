package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.CeluSpec;

/**
 * {@code torch.nn.CELU}: {@code x <= 0 ? (exp(x * (1 / alpha)) - 1) * alpha : x}, libtorch's {@code
 * celu} kernel ({@code elu} with {@code input_scale = 1 / alpha}) written out in its order of
 * operations, since DJL has no {@code celu} op. The backward is PyTorch's, {@code elu_backward}
 * with {@code input_scale = 1 / float(alpha)} (its derivative formula rounds alpha to float before
 * inverting it), computed directly; libtorch's autograd of the forward composition, which a custom
 * module's default backward runs, would use {@code 1 / alpha} instead, a relative difference of up
 * to {@code 6e-8 * |x / alpha|} in the gradient.
 */
public final class CELU extends Module {
  private final CeluSpec spec;

  private CELU(CeluSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.CELU(alpha)} in float32 on the CPU.
   *
   * @param alpha the saturation value and input scale for negative inputs, not 0
   * @return the module
   */
  public static CELU of(double alpha) {
    return of(CeluSpec.of(alpha), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static CELU of(CeluSpec spec, DeviceSpec device) {
    return new CELU(spec, device);
  }

  @Override
  public CeluSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return RectifierOps.celu(input, spec.alpha());
  }

  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    return new ArrayGradients(
        RectifierOps.celuBackward(input, gradOutput, spec.alpha()), java.util.Map.of());
  }
}
