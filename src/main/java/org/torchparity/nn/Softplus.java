package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.SoftplusSpec;

/**
 * {@code torch.nn.Softplus}: {@code x * beta > threshold ? x : log1p(exp(x * beta)) / beta}. With
 * the default arguments this is libtorch's own {@code softplus} op; DJL exposes it without its
 * arguments, so other values are composed (see {@code RectifierOps.softplus}). The backward is
 * libtorch's {@code softplus_backward} formula, {@code x * beta > threshold ? grad : grad * z / (z
 * + 1)} with {@code z = exp(x * beta)}, computed directly rather than through autograd of the
 * composition, which would divide by beta and back.
 */
public final class Softplus extends Module {
  private final SoftplusSpec spec;

  private Softplus(SoftplusSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Softplus()} ({@code beta=1.0, threshold=20.0}) in float32 on the CPU.
   *
   * @return the module
   */
  public static Softplus of() {
    return of(SoftplusSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds {@code nn.Softplus(beta, threshold)} in float32 on the CPU.
   *
   * @param beta the sharpness
   * @param threshold where {@code beta * x} turns linear
   * @return the module
   */
  public static Softplus of(double beta, double threshold) {
    return of(SoftplusSpec.of(beta, threshold), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Softplus of(SoftplusSpec spec, DeviceSpec device) {
    return new Softplus(spec, device);
  }

  @Override
  public SoftplusSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    if (spec.isDefault()) {
      return JniUtils.softPlus((PtNDArray) input);
    }
    return RectifierOps.softplus(input, spec.beta(), spec.threshold());
  }

  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    return new ArrayGradients(
        RectifierOps.softplusBackward(input, gradOutput, spec.beta(), spec.threshold()), Map.of());
  }
}
