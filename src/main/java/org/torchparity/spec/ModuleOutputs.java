package org.torchparity.spec;

import java.util.List;
import java.util.Map;

/**
 * What one forward call of a module produced: its outputs in call order (one for most modules,
 * {@code [values, indices]} for a pooling layer returning indices) and its buffers after the call
 * (a training-mode {@code BatchNorm1d} updates its running statistics), by state-dict key.
 *
 * @param outputs the outputs, in call order
 * @param stateAfter the tree's buffers after the call; empty when the implementation does not track
 *     them
 */
public record ModuleOutputs(List<Tensor> outputs, Map<String, Tensor> stateAfter) {

  /**
   * Copies both collections.
   *
   * @param outputs the outputs
   * @param stateAfter the buffers after the call
   */
  public ModuleOutputs {
    outputs = List.copyOf(outputs);
    stateAfter = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stateAfter));
  }

  /**
   * Returns the first output.
   *
   * @return the output
   */
  public Tensor output() {
    return outputs.get(0);
  }
}
