package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A backward pass's results on the engine: grad_input and each parameter's gradient by state-dict
 * key (own keys bare, a child's under its prefix), in state-dict order. Every array lives in the
 * call's scratch manager until the caller attaches it elsewhere.
 *
 * @param input the gradient with respect to the input
 * @param params each parameter's gradient by key
 */
public record ArrayGradients(NDArray input, Map<String, NDArray> params) {

  /**
   * Keeps an insertion-ordered copy of {@code params}.
   *
   * @param input grad_input
   * @param params the parameters' gradients
   */
  public ArrayGradients {
    params = new LinkedHashMap<>(params);
  }

  /**
   * Returns the parameters' gradients with every key prefixed, for a container collecting its
   * children's.
   *
   * @param prefix such as {@code "0."}
   * @return a new map
   */
  public Map<String, NDArray> prefixed(String prefix) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    params.forEach((key, value) -> out.put(prefix + key, value));
    return out;
  }
}
