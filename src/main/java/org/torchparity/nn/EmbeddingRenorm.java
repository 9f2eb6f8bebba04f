package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import org.torchparity.spec.EmbeddingSpec;

/**
 * PyTorch's {@code embedding_renorm_}, the {@code max_norm} step of {@code F.embedding}: for each
 * distinct index of the input, the row's {@code norm_type}-norm is computed by libtorch in the
 * weight's dtype and read as a double; a row whose norm exceeds {@code max_norm} is multiplied in
 * place by {@code scale = max_norm / (norm + 1e-7)} (the double cast to the dtype, as {@code row *=
 * scale} casts it). Runs with autograd off, as PyTorch runs it under {@code no_grad}.
 *
 * <p>The norm is libtorch's {@code norm} for an integral {@code norm_type} (0 counts non-zeros),
 * the largest or smallest magnitude for {@code +-inf}, and {@code sum(|x|^p)^(1/p)} composed from
 * libtorch ops for other values (libtorch's general p-norm is that formula; its sums may round in
 * another order).
 */
final class EmbeddingRenorm {
  private EmbeddingRenorm() {}

  /**
   * Renormalises {@code weight}'s rows named by {@code indices}, in place.
   *
   * @param weight the table, {@code (num_embeddings, embedding_dim)}
   * @param indices the input's indices, already checked
   * @param spec the module's arguments, {@code max_norm} set
   * @param scratch where temporaries go
   */
  static void apply(NDArray weight, long[] indices, EmbeddingSpec spec, NDManager scratch) {
    long[] rows = Arrays.stream(indices).distinct().sorted().toArray();
    if (rows.length == 0 || spec.embeddingDim() == 0) {
      return;
    }
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDArray index = scratch.create(rows);
      NDArray selected =
          JniUtils.indexAdv((PtNDArray) weight, new NDIndex("{}", index), (PtNDManager) scratch);
      double[] norms =
          norms(selected, spec.normType()).toType(DataType.FLOAT64, false).toDoubleArray();
      double maxNorm = spec.maxNorm();
      long[] over = new long[rows.length];
      double[] scales = new double[rows.length];
      int count = 0;
      for (int i = 0; i < rows.length; i++) {
        if (norms[i] > maxNorm) {
          over[count] = rows[i];
          scales[count] = maxNorm / (norms[i] + 1e-7);
          count++;
        }
      }
      if (count == 0) {
        return;
      }
      NDArray target = scratch.create(Arrays.copyOf(over, count));
      NDArray overRows =
          JniUtils.indexAdv((PtNDArray) weight, new NDIndex("{}", target), (PtNDManager) scratch);
      NDArray scale =
          scratch
              .create(Arrays.copyOf(scales, count), new Shape(count, 1))
              .toType(weight.getDataType(), false);
      JniUtils.indexAdvPut(
          (PtNDArray) weight, new NDIndex("{}", target), (PtNDArray) overRows.mul(scale));
    } finally {
      JniUtils.setGradMode(wasEnabled);
    }
  }

  /** Each row's p-norm, as libtorch's {@code Tensor.norm(p)} computes it. */
  private static NDArray norms(NDArray rows, double p) {
    if (p == Math.rint(p) && Math.abs(p) < Integer.MAX_VALUE) {
      return JniUtils.norm((PtNDArray) rows, (int) p, new int[] {1}, false);
    }
    NDArray magnitude = rows.abs();
    if (p == Double.POSITIVE_INFINITY) {
      return magnitude.max(new int[] {1});
    }
    if (p == Double.NEGATIVE_INFINITY) {
      return magnitude.min(new int[] {1});
    }
    return magnitude.pow(p).sum(new int[] {1}).pow(1 / p);
  }
}
