package org.torchparity.parity;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * Any implementation of a module that can be checked against PyTorch: the engine, the pure-Java
 * reference, or your own. Typed on the module's description ({@link ModuleSpec}) and its state
 * dict, so one interface serves every layer and whole trees. For a single convolution, {@link
 * ConvKernel} is the shorter interface to implement.
 */
public interface ParityKernel {

  /**
   * Names the kernel in reports.
   *
   * @return a short name
   */
  String name();

  /**
   * Tells whether this kernel handles a module; checkers skip the others (and say so).
   *
   * @param spec the module
   * @return {@code true} when it does
   */
  boolean supports(ModuleSpec spec);

  /**
   * Runs the forward pass.
   *
   * @param spec the module, validated
   * @param state its parameters and buffers by state-dict key
   * @param input the input
   * @return the output
   */
  Tensor forward(ModuleSpec spec, Map<String, Tensor> state, Tensor input);

  /**
   * Tells whether {@link #backward} is implemented.
   *
   * @return {@code false} by default
   */
  default boolean supportsBackward() {
    return false;
  }

  /**
   * Runs the backward pass.
   *
   * @param spec the module
   * @param state its parameters and buffers
   * @param input the forward input
   * @param gradOutput the gradient with respect to the output
   * @return grad_input and each parameter's gradient by key
   * @throws UnsupportedOperationException unless {@link #supportsBackward()}
   */
  default Gradients backward(
      ModuleSpec spec, Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    throw new UnsupportedOperationException(name() + " has no backward pass");
  }
}
