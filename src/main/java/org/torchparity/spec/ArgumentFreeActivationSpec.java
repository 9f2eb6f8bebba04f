package org.torchparity.spec;

import java.util.Map;

/**
 * An elementwise module that takes no arguments (Sigmoid, Tanh, Softsign, Identity): nothing in its
 * repr or its case file's {@code args}, and an output of the input's shape, any rank.
 */
public interface ArgumentFreeActivationSpec extends ModuleSpec {
  @Override
  default String extraRepr() {
    return "";
  }

  @Override
  default Map<String, Object> arguments() {
    return Map.of();
  }

  @Override
  default int[] outputShape(int[] inputShape) {
    return RectifierArgs.sameShape(inputShape);
  }
}
