package org.torchparity.nn;

import org.torchparity.engine.DeviceSpec;
import org.torchparity.parity.ConvKernel;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/** DJL's PyTorch engine (through {@link Functional}) as a {@link ConvKernel}. */
public final class EngineKernel implements ConvKernel {
  private final DeviceSpec device;

  /** The engine on the CPU. */
  public EngineKernel() {
    this(DeviceSpec.CPU);
  }

  /**
   * The engine on a device.
   *
   * @param device {@code cpu} or {@code cuda:N}
   */
  public EngineKernel(DeviceSpec device) {
    this.device = device;
  }

  @Override
  public String name() {
    return "engine";
  }

  @Override
  public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    return Functional.forward(spec, input, weight, bias, device);
  }

  @Override
  public boolean supportsBackward() {
    return true;
  }

  @Override
  public Gradients backward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, Tensor gradOutput) {
    return Functional.backward(spec, input, weight, bias, gradOutput, device);
  }
}
