package org.torchparity.reference;

import java.util.List;
import java.util.Map;
import org.torchparity.spec.DropoutSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.Dropout} where no mask is drawn: eval mode and {@code p = 0} are the identity (gradient
 * passed through), and training with {@code p = 1} is {@code x * 0} (gradient {@code g * 0}), so a
 * negative input gives {@code -0.0} and a non-finite one NaN, as libtorch's {@code input *
 * zeros({})}. Training with {@code 0 < p < 1} draws from libtorch's generator, which plain Java
 * cannot reproduce: the reference kernel declines those calls ({@link
 * DropoutSpec#drawsRandomNumbers()}) and this class refuses them.
 */
public final class ReferenceDropout implements ReferenceModule {
  private final DropoutSpec spec;

  /**
   * The reference of a spec.
   *
   * @param spec the module
   */
  public ReferenceDropout(DropoutSpec spec) {
    this.spec = spec;
  }

  /**
   * Training mode, as a freshly built module runs (the engine kernel's plain forward builds one):
   * the identity for {@code p = 0}, zeros for {@code p = 1}; refused for {@code 0 < p < 1}.
   */
  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return call(state, input, true).output();
  }

  /** Training mode, as {@link #forward(Map, Tensor)}. */
  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    return backward(state, input, gradOutput, true);
  }

  @Override
  public ModuleOutputs call(Map<String, Tensor> state, Tensor input, boolean training) {
    return new ModuleOutputs(List.of(apply(input, training)), Map.of());
  }

  @Override
  public Gradients backward(
      Map<String, Tensor> state, Tensor input, Tensor gradOutput, boolean training) {
    return new Gradients(apply(gradOutput, training), Map.of());
  }

  private Tensor apply(Tensor t, boolean training) {
    spec.outputShape(t.shape());
    if (!training || spec.probability() == 0) {
      return t;
    }
    if (spec.drawsRandomNumbers()) {
      throw new UnsupportedOperationException(
          spec.repr()
              + " in training mode draws its mask from libtorch's generator, which the pure-Java"
              + " reference cannot reproduce");
    }
    double[] v = t.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] * 0.0;
    }
    return Tensor.of(t.dtype(), t.shape(), v);
  }
}
