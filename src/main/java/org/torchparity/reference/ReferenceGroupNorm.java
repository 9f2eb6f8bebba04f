package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.GroupNormSpec;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.GroupNorm} in plain Java: the channels of each sample split into {@code num_groups}
 * consecutive groups, each group normalised over its channels and positions with its biased
 * variance, then the per-channel affine map. The same in both modes.
 */
public final class ReferenceGroupNorm implements ReferenceModule {
  private final GroupNormSpec spec;

  /**
   * Creates the reference of one module.
   *
   * @param spec the module's arguments
   */
  public ReferenceGroupNorm(GroupNormSpec spec) {
    this.spec = spec;
  }

  private NormMath.Layout layout(int[] shape) {
    int positions = 1;
    for (int i = 2; i < shape.length; i++) {
      positions *= shape[i];
    }
    int groups = spec.numGroups();
    int perGroup = shape[1] / groups;
    return NormMath.channels(
        shape[0], shape[1], positions, (n, c) -> n * groups + c / perGroup, shape[0] * groups);
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
    NormMath.Grads g =
        NormMath.backward(
            x,
            gradOutput.toDoubleArray(),
            layout,
            NormMath.batchStats(x, layout),
            true,
            spec.eps(),
            ReferenceNorms.values(state, "weight"),
            shape[1],
            spec.affine());
    return ReferenceNorms.gradients(
        spec.dtype(), input.shape(), g, spec.affine() ? new int[] {shape[1]} : null, true);
  }
}
