package org.torchparity.parity;

import org.torchparity.reference.ReferenceConv;
import org.torchparity.reference.ReferenceConvBackward;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/** The pure-Java reference as a {@link ConvKernel}. */
public final class ReferenceKernel implements ConvKernel {
  @Override
  public String name() {
    return "reference";
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
