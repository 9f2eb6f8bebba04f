package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.LeakyReluSpec;

/**
 * {@code torch.nn.LeakyReLU}: libtorch's {@code leaky_relu}, whose backward is {@code
 * leaky_relu_backward}: {@code x > 0 ? grad : grad * negative_slope} (so at 0 and for a NaN input
 * the gradient is scaled).
 */
public final class LeakyReLU extends Module {
  private final LeakyReluSpec spec;

  private LeakyReLU(LeakyReluSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.LeakyReLU(negative_slope)} in float32 on the CPU.
   *
   * @param negativeSlope the slope for negative inputs
   * @return the module
   */
  public static LeakyReLU of(double negativeSlope) {
    return of(LeakyReluSpec.of(negativeSlope), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static LeakyReLU of(LeakyReluSpec spec, DeviceSpec device) {
    return new LeakyReLU(spec, device);
  }

  @Override
  public LeakyReluSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return JniUtils.leakyRelu((PtNDArray) input, spec.negativeSlope());
  }
}
