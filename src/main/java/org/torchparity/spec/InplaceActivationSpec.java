package org.torchparity.spec;

import java.util.Map;

/**
 * An elementwise activation whose only argument is PyTorch's {@code inplace} (SiLU, Mish, SELU,
 * ReLU6, Hardswish, Hardsigmoid): the output has the input's shape, any rank, and {@code inplace}
 * only changes where PyTorch writes the result, so it is kept for the repr and the case file alone.
 */
public interface InplaceActivationSpec extends ModuleSpec {
  /**
   * Returns PyTorch's {@code inplace} argument.
   *
   * @return whether the module was built with {@code inplace=True}
   */
  boolean inplace();

  /** {@code inplace=True} when set, as most activations' {@code extra_repr} prints it. */
  @Override
  default String extraRepr() {
    return RectifierArgs.inplaceOnly(inplace());
  }

  @Override
  default Map<String, Object> arguments() {
    return Map.of("inplace", inplace());
  }

  @Override
  default int[] outputShape(int[] inputShape) {
    return RectifierArgs.sameShape(inputShape);
  }
}
