package org.torchparity.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/** State access and result packing the normalisation references share. */
final class ReferenceNorms {
  private ReferenceNorms() {}

  /** A parameter's values, or {@code null} when the module has none of that name. */
  static double[] values(Map<String, Tensor> state, String key) {
    Tensor t = state.get(key);
    return t == null ? null : t.toDoubleArray();
  }

  /**
   * The normalised input with the module's affine parameters from {@code state} ({@code weight},
   * {@code bias}; either may be absent).
   */
  static double[] normalize(
      double[] x,
      NormMath.Layout layout,
      NormMath.Stats stats,
      double eps,
      Map<String, Tensor> state) {
    return NormMath.normalize(
        x, layout, stats, eps, values(state, "weight"), values(state, "bias"));
  }

  /** {@code (1 - f) * running + f * observed}, in double, rounded once to the running dtype. */
  static Tensor blend(Tensor running, double[] observed, double f) {
    double[] r = running.toDoubleArray();
    for (int i = 0; i < r.length; i++) {
      r[i] = (1 - f) * r[i] + f * observed[i];
    }
    return Tensor.of(running.dtype(), running.shape(), r);
  }

  /**
   * grad_input and, for an affine module ({@code paramShape} not {@code null}), the weight's and
   * (when present) the bias's gradients.
   */
  static Gradients gradients(
      DType dtype, int[] inputShape, NormMath.Grads g, int[] paramShape, boolean withBias) {
    Map<String, Tensor> grads = new LinkedHashMap<>();
    if (paramShape != null) {
      grads.put("weight", Tensor.of(dtype, paramShape, g.gradWeight()));
      if (withBias) {
        grads.put("bias", Tensor.of(dtype, paramShape, g.gradBias()));
      }
    }
    return new Gradients(Tensor.of(dtype, inputShape, g.gradInput()), grads);
  }
}
