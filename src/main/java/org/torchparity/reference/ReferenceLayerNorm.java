package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.LayerNormSpec;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.LayerNorm} in plain Java: each run of the input's trailing {@code normalized_shape}
 * values normalised with its biased variance, then the elementwise weight and bias over those
 * trailing dimensions. The same in both modes.
 */
public final class ReferenceLayerNorm implements ReferenceModule {
  private final LayerNormSpec spec;

  /**
   * Creates the reference of one module.
   *
   * @param spec the module's arguments
   */
  public ReferenceLayerNorm(LayerNormSpec spec) {
    this.spec = spec;
  }

  private NormMath.Layout layout(int[] shape) {
    int k = Math.toIntExact(Tensor.numel(spec.normalizedDims()));
    int total = Math.toIntExact(Tensor.numel(shape));
    int[] group = new int[total];
    int[] slot = new int[total];
    for (int i = 0; i < total; i++) {
      group[i] = i / k;
      slot[i] = i % k;
    }
    return new NormMath.Layout(group, k == 0 ? 0 : total / k, slot);
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] shape = spec.outputShape(input.shape());
    double[] x = input.toDoubleArray();
    NormMath.Layout layout = layout(shape);
    double[] y =
        ReferenceNorms.normalize(x, layout, NormMath.batchStats(x, layout), spec.eps(), state);
    return Tensor.of(spec.dtype(), shape, y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    int[] shape = spec.outputShape(input.shape());
    double[] x = input.toDoubleArray();
    NormMath.Layout layout = layout(shape);
    int k = Math.toIntExact(Tensor.numel(spec.normalizedDims()));
    NormMath.Grads g =
        NormMath.backward(
            x,
            gradOutput.toDoubleArray(),
            layout,
            NormMath.batchStats(x, layout),
            true,
            spec.eps(),
            ReferenceNorms.values(state, "weight"),
            k,
            spec.elementwiseAffine());
    return ReferenceNorms.gradients(
        spec.dtype(),
        input.shape(),
        g,
        spec.elementwiseAffine() ? spec.normalizedDims() : null,
        spec.bias());
  }
}
