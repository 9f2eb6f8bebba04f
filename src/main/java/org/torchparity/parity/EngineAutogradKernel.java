package org.torchparity.parity;

import org.torchparity.engine.DeviceSpec;
import org.torchparity.nn.Functional;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * The engine with its second backward route: libtorch's autograd of the recorded forward pass, with
 * oneDNN off while the backward pass runs, where the layers and {@code EngineKernel} compute the
 * gradients through the adjoint identities ({@code EngineBackward}). Its forward pass is the
 * engine's. The test suite holds both routes to PyTorch's gradient cases and to the reference over
 * a seeded grid; a user can do the same by giving it to {@code CaseChecker} beside {@link
 * EngineKernel}. Registered for {@code ServiceLoader} under the name {@code engine-autograd}.
 */
public final class EngineAutogradKernel implements ConvKernel {
  @Override
  public String name() {
    return "engine-autograd";
  }

  @Override
  public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    return Functional.forward(spec, input, weight, bias, DeviceSpec.CPU);
  }

  @Override
  public boolean supportsBackward() {
    return true;
  }

  @Override
  public Gradients backward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, Tensor gradOutput) {
    return Functional.autogradBackward(spec, input, weight, bias, gradOutput, DeviceSpec.CPU);
  }
}
