package org.torchparity.parity;

import java.util.Map;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * A Conv1d / ConvTranspose1d implementation that can be checked against PyTorch: the engine, the
 * pure-Java reference, or your own (a Java loop, a Vector API kernel, JNI, CUDA). Implement {@link
 * #forward}; implement {@link #backward} too and return {@code true} from {@link
 * #supportsBackward()} to have gradients checked.
 *
 * <p>Tensors are row-major {@link Tensor} values, batched {@code (N, C, L)} or unbatched {@code (C,
 * L)} exactly as PyTorch accepts them; the spec has already been validated and the tensors checked
 * against it when a checker calls you. A kernel used from the command line ({@code sweep --kernel
 * CLASS}) needs a public no-argument constructor.
 */
public interface ConvKernel extends ParityKernel {

  /**
   * Names the kernel in reports.
   *
   * @return a short name
   */
  String name();

  /**
   * Tells whether this kernel handles a configuration; checkers skip the others (and say so).
   *
   * @param spec the layer's arguments
   * @return {@code true} by default
   */
  default boolean supports(ConvSpec spec) {
    return true;
  }

  /**
   * Accepts convolutions this kernel {@link #supports(ConvSpec) supports}.
   *
   * @param spec the module
   * @return {@code true} for a supported Conv1d or ConvTranspose1d
   */
  @Override
  default boolean supports(ModuleSpec spec) {
    return spec instanceof ConvSpec conv && supports(conv);
  }

  /**
   * Runs {@link #forward(ConvSpec, Tensor, Tensor, Tensor)} with {@code weight} and {@code bias}
   * from the state dict.
   */
  @Override
  default Tensor forward(ModuleSpec spec, Map<String, Tensor> state, Tensor input) {
    return forward((ConvSpec) spec, input, state.get("weight"), state.get("bias"));
  }

  /**
   * Runs {@link #backward(ConvSpec, Tensor, Tensor, Tensor, Tensor)} with {@code weight} and {@code
   * bias} from the state dict.
   */
  @Override
  default Gradients backward(
      ModuleSpec spec, Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    return backward((ConvSpec) spec, input, state.get("weight"), state.get("bias"), gradOutput);
  }

  /**
   * Runs the forward pass.
   *
   * @param spec the layer's arguments
   * @param input the input
   * @param weight the weight, shaped as {@link ConvSpec#weightShape()}
   * @param bias the bias, or {@code null} when the spec has none
   * @return the output
   */
  Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias);

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
   * @param spec the layer's arguments
   * @param input the forward input
   * @param weight the weight
   * @param bias the bias or {@code null}
   * @param gradOutput the gradient with respect to the output
   * @return the gradients with respect to input, weight and bias
   * @throws UnsupportedOperationException unless {@link #supportsBackward()}
   */
  default Gradients backward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, Tensor gradOutput) {
    throw new UnsupportedOperationException(name() + " has no backward pass");
  }
}
