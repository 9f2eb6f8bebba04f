package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.EluSpec;

/**
 * {@code torch.nn.ELU}: libtorch's {@code elu} where {@code x <= 0} and {@code x} elsewhere, so the
 * backward is {@code elu_backward}'s ({@code x <= 0 ? grad * alpha * exp(x) : grad}, the gradient
 * at 0 being {@code grad * alpha}) with its scalar loop's answer for a NaN input everywhere (see
 * {@code RectifierOps}).
 */
public final class ELU extends Module {
  private final EluSpec spec;

  private ELU(EluSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.ELU(alpha)} in float32 on the CPU.
   *
   * @param alpha the saturation value for negative inputs
   * @return the module
   */
  public static ELU of(double alpha) {
    return of(EluSpec.of(alpha), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static ELU of(EluSpec spec, DeviceSpec device) {
    return new ELU(spec, device);
  }

  @Override
  public EluSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    double alpha = spec.alpha();
    return RectifierOps.nonPositiveBranch(input, n -> JniUtils.elu((PtNDArray) n, alpha), p -> p);
  }
}
