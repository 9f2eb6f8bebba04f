package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.SeluSpec;

/**
 * {@code torch.nn.SELU}: libtorch's {@code selu} where {@code x <= 0} and {@code x * scale}
 * elsewhere, so the backward is {@code elu_backward}'s with {@code alpha * scale} and {@code
 * scale}, with its scalar loop's answer for a NaN input everywhere (see {@code RectifierOps}).
 */
public final class SELU extends Module {
  private final SeluSpec spec;

  private SELU(SeluSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.SELU()} in float32 on the CPU.
   *
   * @return the module
   */
  public static SELU of() {
    return of(SeluSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static SELU of(SeluSpec spec, DeviceSpec device) {
    return new SELU(spec, device);
  }

  @Override
  public SeluSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    NDArray scale = RectifierOps.scalar(input, SeluSpec.SCALE);
    return RectifierOps.nonPositiveBranch(
        input, n -> JniUtils.selu((PtNDArray) n), p -> p.mul(scale));
  }
}
