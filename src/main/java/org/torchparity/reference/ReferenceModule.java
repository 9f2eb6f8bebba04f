package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * A module's pure-Java reference: forward and backward from a state dict, accumulating in double.
 * Implementations are plain loops written from PyTorch's documented formulas, with no engine.
 */
public interface ReferenceModule {

  /**
   * Runs the forward pass.
   *
   * @param state the module's parameters and buffers by state-dict key
   * @param input the input
   * @return the output
   */
  Tensor forward(Map<String, Tensor> state, Tensor input);

  /**
   * Runs the backward pass, as {@code output.backward(gradOutput)} fills {@code .grad}.
   *
   * @param state the module's parameters and buffers by state-dict key
   * @param input the forward input
   * @param gradOutput the gradient with respect to the output
   * @return grad_input and each parameter's gradient by key
   */
  Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput);
}
