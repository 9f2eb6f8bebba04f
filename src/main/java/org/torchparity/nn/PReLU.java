package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.Engines;
import org.torchparity.spec.PreluSpec;

/**
 * {@code torch.nn.PReLU}: {@code x > 0 ? x : a * x} with a learnt {@code weight} {@code a} of shape
 * {@code [num_parameters]}, filled with {@code init} as PyTorch's constructor fills it (no random
 * draw, so seeding does not change it). One parameter is shared by every element; more apply per
 * channel along dim 1. DJL has no {@code prelu} op, so it is composed as libtorch 2.7.1 composes it
 * (see {@code RectifierOps.prelu}); autograd of it gives {@code _prelu_kernel_backward}'s
 * grad_input and the weight's gradient.
 */
public final class PReLU extends Module {
  private final PreluSpec spec;

  private PReLU(PreluSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
    try {
      registerParameter(
          "weight",
          Engines.call(
              "PReLU.__init__",
              () ->
                  JniUtils.full(
                      (PtNDManager) manager(),
                      TensorConversion.shape(spec.parameterShape("weight")),
                      spec.init(),
                      dataType(),
                      djlDevice(),
                      SparseFormat.DENSE)));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Builds {@code nn.PReLU()}: one parameter, {@code init=0.25}, float32 on the CPU.
   *
   * @return the module
   */
  public static PReLU of() {
    return of(1);
  }

  /**
   * Builds {@code nn.PReLU(num_parameters)} with {@code init=0.25}, float32 on the CPU.
   *
   * @param numParameters 1, or the number of channels (dim 1 of the input)
   * @return the module
   */
  public static PReLU of(int numParameters) {
    return of(PreluSpec.of(numParameters), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static PReLU of(PreluSpec spec, DeviceSpec device) {
    return new PReLU(spec, device);
  }

  @Override
  public PreluSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return RectifierOps.prelu(input, array("weight"));
  }
}
