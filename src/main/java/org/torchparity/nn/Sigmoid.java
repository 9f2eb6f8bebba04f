package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.SigmoidSpec;

/**
 * {@code torch.nn.Sigmoid}: libtorch's {@code sigmoid}, whose backward is {@code sigmoid_backward}:
 * {@code grad * (1 - y) * y} from the rounded output {@code y}.
 */
public final class Sigmoid extends Module {
  private final SigmoidSpec spec;

  private Sigmoid(SigmoidSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Sigmoid()} in float32 on the CPU.
   *
   * @return the module
   */
  public static Sigmoid of() {
    return of(SigmoidSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Sigmoid of(SigmoidSpec spec, DeviceSpec device) {
    return new Sigmoid(spec, device);
  }

  @Override
  public SigmoidSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return JniUtils.sigmoid((PtNDArray) input);
  }
}
