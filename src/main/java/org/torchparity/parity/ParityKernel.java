package org.torchparity.parity;

import java.util.List;
import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
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
   * Runs the forward pass in eval mode (the engine and reference kernels run modules whose result
   * depends on the mode, such as BatchNorm1d, as {@code model.eval()} does; use {@link
   * #call(ModuleCall)} for training mode).
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

  /**
   * Tells whether this kernel handles a call: by default, whether it {@link #supports(ModuleSpec)}
   * the module. A kernel that cannot reproduce a call (a pure-Java kernel facing a random module in
   * training mode) declines here, and checkers say so.
   *
   * @param call the call
   * @return {@code true} when it does
   */
  default boolean supports(ModuleCall call) {
    return supports(call.spec());
  }

  /**
   * Runs one call in its mode and returns every output and the buffers after it. The default runs
   * {@link #forward(ModuleSpec, Map, Tensor)}, ignoring the mode and the seed, and reports no
   * buffers: enough for modules that behave the same in both modes.
   *
   * @param call the call
   * @return the outputs and the buffers after the call
   */
  default ModuleOutputs call(ModuleCall call) {
    return new ModuleOutputs(List.of(forward(call.spec(), call.state(), call.input())), Map.of());
  }

  /**
   * Runs the backward pass of one call in its mode; the default ignores the mode and the seed.
   *
   * @param call the call
   * @param gradOutput the gradient with respect to the (first) output
   * @return grad_input and each parameter's gradient by key
   * @throws UnsupportedOperationException unless {@link #supportsBackward()}
   */
  default Gradients backward(ModuleCall call, Tensor gradOutput) {
    return backward(call.spec(), call.state(), call.input(), gradOutput);
  }
}
