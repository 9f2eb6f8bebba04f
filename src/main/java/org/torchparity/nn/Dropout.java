package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.DropoutSpec;

/**
 * {@code torch.nn.Dropout}: libtorch's {@code dropout(input, p, train)}. In eval mode the identity;
 * in training mode the mask comes from libtorch's global generator ({@code bernoulli_(1 - p)}, then
 * {@code input * mask / (1 - p)}), drawn holding the generator, so that {@link Module#manualSeed}
 * just before a call reproduces {@code torch.manual_seed(s)} followed by the same call in PyTorch.
 * Measured on this project's CPU: PyTorch 1.13 and libtorch 2.7.1 draw the same mask for the same
 * seed, float32 and float64 (see {@code docs/modules/pad.md}).
 *
 * <p>Backward is libtorch's autograd of {@code dropout}, which runs the forward again: in training
 * mode that draws a new mask unless the call is seeded ({@code Module.manualSeed(s, () ->
 * module.backward(...))} gives the gradient of the forward seeded with {@code s}).
 */
public final class Dropout extends Module {
  private final DropoutSpec spec;

  private Dropout(DropoutSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Dropout(p)} in float32 on the CPU.
   *
   * @param p the probability of zeroing an element in training mode
   * @return the module, in training mode as PyTorch builds it
   */
  public static Dropout of(double p) {
    return of(DropoutSpec.of(p), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Dropout of(DropoutSpec spec, DeviceSpec device) {
    return new Dropout(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    boolean training = isTraining();
    if (!training || !spec.drawsRandomNumbers()) {
      return JniUtils.dropout((PtNDArray) input, spec.probability(), training);
    }
    return PyTorchInit.withGenerator(
        () -> JniUtils.dropout((PtNDArray) input, spec.probability(), true));
  }
}
