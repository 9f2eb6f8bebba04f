package org.torchparity.parity;

import java.util.Map;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * One call of a module as a parity case describes it: the module, its state, its input, its mode
 * and, for random modules, the seed set just before the forward call.
 *
 * @param spec the module
 * @param state its parameters and buffers before the call, by state-dict key
 * @param input the input
 * @param training {@code true} for {@code model.train()}, {@code false} for {@code model.eval()}
 * @param forwardSeed the seed of {@code torch.manual_seed} run just before the forward call, or
 *     {@code null}
 */
public record ModuleCall(
    ModuleSpec spec, Map<String, Tensor> state, Tensor input, boolean training, Long forwardSeed) {

  /**
   * A call in eval mode with no seed.
   *
   * @param spec the module
   * @param state its state
   * @param input the input
   * @return the call
   */
  public static ModuleCall of(ModuleSpec spec, Map<String, Tensor> state, Tensor input) {
    return new ModuleCall(spec, state, input, false, null);
  }
}
