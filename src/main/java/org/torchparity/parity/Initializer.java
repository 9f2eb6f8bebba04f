package org.torchparity.parity;

import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

/** Produces a layer's initial parameters for a seed, to check against PyTorch's initialisation. */
public interface Initializer {
  /**
   * Returns what {@code torch.manual_seed(seed)} followed by constructing the module gives.
   *
   * @param spec the layer's arguments
   * @param seed the seed
   * @return the weight and the bias (the bias {@code null} when the spec has none)
   */
  Tensor[] initialParameters(ConvSpec spec, long seed);
}
