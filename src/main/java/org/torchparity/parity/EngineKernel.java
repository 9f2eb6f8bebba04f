package org.torchparity.parity;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.nn.Functional;
import org.torchparity.nn.Module;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * DJL's PyTorch engine as a {@link ParityKernel}: convolutions through {@link Functional}, every
 * other registered module and tree built with {@link Layers}.
 */
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

  /**
   * Every registered layer and tree: convolutions through {@link Functional}, others as modules.
   */
  @Override
  public boolean supports(ModuleSpec spec) {
    return spec instanceof ConvSpec || Layers.knows(spec);
  }

  @Override
  public Tensor forward(ModuleSpec spec, Map<String, Tensor> state, Tensor input) {
    if (spec instanceof ConvSpec) {
      return ConvKernel.super.forward(spec, state, input);
    }
    return call(ModuleCall.of(spec, state, input)).output();
  }

  @Override
  public Gradients backward(
      ModuleSpec spec, Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    if (spec instanceof ConvSpec) {
      return ConvKernel.super.backward(spec, state, input, gradOutput);
    }
    return backward(ModuleCall.of(spec, state, input), gradOutput);
  }

  /**
   * Builds the module, loads the state, sets the mode and, for a seeded call, seeds libtorch's
   * generator just before the forward pass, as PyTorch's {@code torch.manual_seed} does.
   */
  @Override
  public ModuleOutputs call(ModuleCall call) {
    if (call.spec() instanceof ConvSpec) {
      return ConvKernel.super.call(call);
    }
    try (Module module = prepared(call)) {
      List<Tensor> outputs = seeded(call, () -> module.forwardAll(call.input()));
      return new ModuleOutputs(outputs, module.namedBuffers());
    }
  }

  @Override
  public Gradients backward(ModuleCall call, Tensor gradOutput) {
    if (call.spec() instanceof ConvSpec) {
      return ConvKernel.super.backward(call, gradOutput);
    }
    try (Module module = prepared(call)) {
      return seeded(call, () -> module.backward(call.input(), gradOutput));
    }
  }

  private Module prepared(ModuleCall call) {
    Module module = Layers.build(call.spec(), device);
    try {
      module.loadStateDict(call.state());
      module.train(call.training());
      return module;
    } catch (RuntimeException e) {
      module.close();
      throw e;
    }
  }

  private static <T> T seeded(ModuleCall call, Supplier<T> work) {
    return call.forwardSeed() == null ? work.get() : Module.manualSeed(call.forwardSeed(), work);
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
