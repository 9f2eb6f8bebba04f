package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.SoftsignSpec;

/**
 * {@code torch.nn.Softsign}: libtorch's {@code softsign}, which is {@code x / (|x| + 1)} composed
 * of {@code abs}, {@code add} and {@code div} exactly as PyTorch's Python {@code F.softsign}
 * composes it, so the backward is autograd's of those ops in both (an infinite input gives a NaN
 * gradient, {@code inf / inf}).
 */
public final class Softsign extends Module {
  private final SoftsignSpec spec;

  private Softsign(SoftsignSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Softsign()} in float32 on the CPU.
   *
   * @return the module
   */
  public static Softsign of() {
    return of(SoftsignSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Softsign of(SoftsignSpec spec, DeviceSpec device) {
    return new Softsign(spec, device);
  }

  @Override
  public SoftsignSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return JniUtils.softSign((PtNDArray) input);
  }
}
