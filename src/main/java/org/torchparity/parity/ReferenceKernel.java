package org.torchparity.parity;

import java.util.Map;
import org.torchparity.reference.ReferenceConv;
import org.torchparity.reference.ReferenceConvBackward;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * The pure-Java reference as a {@link ParityKernel}: convolutions through {@link ReferenceConv},
 * every other registered module and tree through {@link Layers#reference}.
 */
public final class ReferenceKernel implements ConvKernel {
  @Override
  public String name() {
    return "reference";
  }

  /** Every registered layer and tree. */
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

  /** Declines random modules in training mode: their draws come from libtorch's generator. */
  @Override
  public boolean supports(ModuleCall call) {
    return supports(call.spec()) && !(call.training() && call.spec().drawsRandomNumbers());
  }

  @Override
  public ModuleOutputs call(ModuleCall call) {
    if (call.spec() instanceof ConvSpec) {
      return ConvKernel.super.call(call);
    }
    return Layers.reference(call.spec()).call(call.state(), call.input(), call.training());
  }

  @Override
  public Gradients backward(ModuleCall call, Tensor gradOutput) {
    if (call.spec() instanceof ConvSpec) {
      return ConvKernel.super.backward(call, gradOutput);
    }
    return Layers.reference(call.spec())
        .backward(call.state(), call.input(), gradOutput, call.training());
  }

  @Override
  public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    return ReferenceConv.forward(spec, input, weight, bias);
  }

  @Override
  public boolean supportsBackward() {
    return true;
  }

  @Override
  public Gradients backward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, Tensor gradOutput) {
    return ReferenceConvBackward.backward(spec, input, weight, bias, gradOutput);
  }
}
