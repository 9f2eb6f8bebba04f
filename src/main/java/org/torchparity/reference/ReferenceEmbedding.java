package org.torchparity.reference;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.torchparity.spec.DType;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.Embedding}: {@code y[p] = W[index[p]]} for every position {@code p} of the int64 input.
 *
 * <p>With {@code max_norm}, the lookup reads the table after PyTorch's {@code embedding_renorm_}:
 * each distinct index's row whose {@code norm_type}-norm (in double, rounded to the dtype as
 * libtorch's norm returns it) exceeds {@code max_norm} is multiplied by {@code max_norm / (norm +
 * 1e-7)} (rounded to the dtype, as {@code row *= scale} casts it). The reference reads its state
 * and does not write it back; the engine's module does, as PyTorch's.
 *
 * <p>Backward: no grad_input (the input holds indices), and {@code grad_weight[k] = sum over
 * positions p with index[p] == k of g[p] * s}, where {@code s = 1 / count(k)} with {@code
 * scale_grad_by_freq} (else 1), positions at {@code padding_idx} skipped, accumulated in double.
 */
public final class ReferenceEmbedding implements ReferenceModule {
  private final EmbeddingSpec spec;

  /**
   * The reference of an Embedding.
   *
   * @param spec its arguments
   */
  public ReferenceEmbedding(EmbeddingSpec spec) {
    this.spec = spec;
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] outShape = spec.checkInput(input);
    long[] indices = input.toLongArray();
    int dim = spec.embeddingDim();
    double[] w = state.get("weight").toDoubleArray();
    if (spec.maxNorm() != null) {
      renorm(w, indices);
    }
    double[] y = new double[indices.length * dim];
    for (int p = 0; p < indices.length; p++) {
      System.arraycopy(w, (int) indices[p] * dim, y, p * dim, dim);
    }
    return Tensor.of(spec.dtype(), outShape, y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    spec.checkInput(input);
    long[] indices = input.toLongArray();
    int dim = spec.embeddingDim();
    Map<Long, Integer> counts = new HashMap<>();
    for (long index : indices) {
      counts.merge(index, 1, Integer::sum);
    }
    double[] g = gradOutput.toDoubleArray();
    double[] gw = new double[spec.numEmbeddings() * dim];
    Integer padding = spec.paddingIdx();
    for (int p = 0; p < indices.length; p++) {
      int k = (int) indices[p];
      if (padding != null && k == padding) {
        continue;
      }
      double scale = spec.scaleGradByFreq() ? 1.0 / counts.get(indices[p]) : 1.0;
      for (int d = 0; d < dim; d++) {
        gw[k * dim + d] += g[p * dim + d] * scale;
      }
    }
    return new Gradients(
        null, Map.of("weight", Tensor.of(spec.dtype(), spec.parameterShape("weight"), gw)));
  }

  /** PyTorch's {@code embedding_renorm_} on a copy of the table. */
  private void renorm(double[] w, long[] indices) {
    int dim = spec.embeddingDim();
    DType dtype = spec.dtype();
    TreeSet<Long> rows = new TreeSet<>();
    for (long index : indices) {
      rows.add(index);
    }
    for (long row : rows) {
      int offset = (int) row * dim;
      double norm = dtype.round(norm(w, offset, dim, spec.normType()));
      if (norm > spec.maxNorm()) {
        double scale = dtype.round(spec.maxNorm() / (norm + 1e-7));
        for (int d = 0; d < dim; d++) {
          w[offset + d] = dtype.round(w[offset + d] * scale);
        }
      }
    }
  }

  /** The p-norm of one row: non-zero count for 0, max or min magnitude for +-inf. */
  static double norm(double[] w, int offset, int dim, double p) {
    if (dim == 0) {
      return 0;
    }
    if (p == 0) {
      int nonZero = 0;
      for (int d = 0; d < dim; d++) {
        nonZero += w[offset + d] != 0 ? 1 : 0;
      }
      return nonZero;
    }
    if (Double.isInfinite(p)) {
      double best = Math.abs(w[offset]);
      for (int d = 1; d < dim; d++) {
        double a = Math.abs(w[offset + d]);
        best = p > 0 ? Math.max(best, a) : Math.min(best, a);
      }
      return best;
    }
    double sum = 0;
    for (int d = 0; d < dim; d++) {
      sum += Math.pow(Math.abs(w[offset + d]), p);
    }
    return Math.pow(sum, 1 / p);
  }
}
