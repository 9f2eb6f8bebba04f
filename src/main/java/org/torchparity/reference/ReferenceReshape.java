package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * The reference of the modules that only reshape, {@code nn.Identity}, {@code nn.Flatten} and
 * {@code nn.Unflatten}: the output holds the input's values in row-major order, shaped by the
 * spec's {@link ModuleSpec#outputShape}; {@code grad_input} is {@code grad_output}'s values shaped
 * like the input. No arithmetic, so both are exact.
 */
public final class ReferenceReshape implements ReferenceModule {
  private final ModuleSpec spec;

  /**
   * Reshapes as a spec does.
   *
   * @param spec an Identity, Flatten or Unflatten spec
   */
  public ReferenceReshape(ModuleSpec spec) {
    this.spec = spec;
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return Tensor.of(input.dtype(), spec.outputShape(input.shape()), input.toDoubleArray());
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    return new Gradients(
        Tensor.of(gradOutput.dtype(), input.shape(), gradOutput.toDoubleArray()), Map.of());
  }
}
