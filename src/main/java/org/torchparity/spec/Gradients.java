package org.torchparity.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a backward pass returns, named as PyTorch names it: {@link #gradInput()} is what {@code
 * input.grad} holds after {@code output.backward(grad_output)}, and {@link #grad(String)} what
 * {@code module.get_parameter(key).grad} holds, by state-dict key ({@code weight}, {@code 0.bias},
 * ...). Nothing accumulates between calls: each backward returns fresh values.
 */
public final class Gradients {
  private final Tensor gradInput;
  private final Map<String, Tensor> grads;

  /**
   * Holds a backward pass's results.
   *
   * @param gradInput the gradient with respect to the input
   * @param grads the gradient of each parameter by its state-dict key, in the module's parameter
   *     order
   */
  public Gradients(Tensor gradInput, Map<String, Tensor> grads) {
    this.gradInput = gradInput;
    this.grads = Collections.unmodifiableMap(new LinkedHashMap<>(grads));
  }

  /**
   * Holds a convolution's gradients under PyTorch's keys {@code weight} and {@code bias}.
   *
   * @param gradInput grad_input
   * @param gradWeight grad_weight
   * @param gradBias grad_bias, or {@code null} when the layer has no bias
   * @return the gradients
   */
  public static Gradients ofConv(Tensor gradInput, Tensor gradWeight, Tensor gradBias) {
    Map<String, Tensor> grads = new LinkedHashMap<>();
    grads.put("weight", gradWeight);
    if (gradBias != null) {
      grads.put("bias", gradBias);
    }
    return new Gradients(gradInput, grads);
  }

  /**
   * Returns the gradient with respect to the input, shaped like the input.
   *
   * @return grad_input
   */
  public Tensor gradInput() {
    return gradInput;
  }

  /**
   * Returns one parameter's gradient, shaped like the parameter.
   *
   * @param key the parameter's state-dict key
   * @return its gradient
   * @throws InvalidArgumentException when the module has no parameter of that name
   */
  public Tensor grad(String key) {
    Tensor grad = grads.get(key);
    if (grad == null) {
      throw new InvalidArgumentException(
          "key", "no gradient for parameter '" + key + "'; the parameters are " + grads.keySet());
    }
    return grad;
  }

  /**
   * Returns every parameter's gradient by state-dict key, in the module's parameter order.
   *
   * @return an unmodifiable map
   */
  public Map<String, Tensor> grads() {
    return grads;
  }

  @Override
  public String toString() {
    return "Gradients(input=" + gradInput + ", " + grads + ")";
  }
}
