package org.torchparity.parity;

import java.util.Map;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/** Produces a layer's initial parameters for a seed, to check against PyTorch's initialisation. */
public interface Initializer {
  /**
   * Returns what {@code torch.manual_seed(seed)} followed by constructing the module gives.
   *
   * @param spec the module's description
   * @param seed the seed
   * @return the state dict, with PyTorch's keys
   */
  Map<String, Tensor> initialState(ModuleSpec spec, long seed);
}
