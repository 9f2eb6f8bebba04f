package org.torchparity.reference;

import java.util.List;
import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.Tensor;

/**
 * A module's pure-Java reference: forward and backward from a state dict, accumulating in double.
 * Implementations are plain loops written from PyTorch's documented formulas, with no engine.
 */
public interface ReferenceModule {

  /**
   * Runs the forward pass; a module whose result depends on the mode runs as in eval mode.
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

  /**
   * Runs the forward pass in a mode, returning every output and the buffers after the call. A
   * module whose result depends on the mode ({@code BatchNorm1d}), that returns several outputs
   * ({@code MaxPool1d(return_indices=True)}) or that updates buffers overrides this; the default is
   * {@link #forward(Map, Tensor)} with the state unchanged.
   *
   * @param state the parameters and buffers before the call
   * @param input the input
   * @param training the module's mode
   * @return the outputs and the buffers after the call (the default: none reported)
   */
  default ModuleOutputs call(Map<String, Tensor> state, Tensor input, boolean training) {
    return new ModuleOutputs(List.of(forward(state, input)), Map.of());
  }

  /**
   * Runs the backward pass in a mode; the default ignores the mode.
   *
   * @param state the parameters and buffers
   * @param input the forward input
   * @param gradOutput the gradient with respect to the (first) output
   * @param training the module's mode
   * @return grad_input and each parameter's gradient by key
   */
  default Gradients backward(
      Map<String, Tensor> state, Tensor input, Tensor gradOutput, boolean training) {
    return backward(state, input, gradOutput);
  }
}
