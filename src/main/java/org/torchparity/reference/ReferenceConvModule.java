package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * {@link ReferenceConv} and {@link ReferenceConvBackward} as a {@link ReferenceModule}, reading
 * {@code weight} and {@code bias} from the state dict.
 *
 * @param spec the layer's arguments
 */
public record ReferenceConvModule(ConvSpec spec) implements ReferenceModule {

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return ReferenceConv.forward(spec, input, state.get("weight"), state.get("bias"));
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    return ReferenceConvBackward.backward(
        spec, input, state.get("weight"), state.get("bias"), gradOutput);
  }
}
