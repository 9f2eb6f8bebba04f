package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.SoftmaxDims;
import org.torchparity.spec.Tensor;

/**
 * The softmax and log-softmax references' shared loops ({@link ReferenceSoftmax}, {@link
 * ReferenceLogSoftmax}): along one dimension, in double: per slice {@code m = max_j x_j} (NaN if
 * any element is NaN), {@code s = sum_j exp(x_j - m)}; softmax {@code y_i = exp(x_i - m) / s},
 * log-softmax {@code y_i = x_i - m - log(s)}, as PyTorch's kernels subtract the maximum (so a slice
 * holding +inf, or only -inf, gives NaN as PyTorch's does). Backward: softmax {@code grad_i = y_i *
 * (g_i - sum_j g_j y_j)}, log-softmax {@code grad_i = g_i - exp(y_i) * sum_j g_j}, PyTorch's {@code
 * _softmax_backward_data} and {@code _log_softmax_backward_data}.
 */
final class SoftmaxSlices implements ReferenceModule {
  private final Integer dim;
  private final boolean log;

  SoftmaxSlices(Integer dim, boolean log) {
    this.dim = dim;
    this.log = log;
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return Tensor.of(input.dtype(), input.shape(), outputs(input));
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    double[] y = outputs(input);
    double[] g = gradOutput.toDoubleArray();
    double[] out = new double[y.length];
    int[] shape = input.shape();
    int d = SoftmaxDims.resolve(dim, shape.length);
    int size = shape.length == 0 ? 1 : shape[d];
    int inner = inner(shape, d);
    int outer = size == 0 || inner == 0 ? 0 : y.length / (size * inner);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * size * inner + i;
        double sum = 0;
        for (int k = 0; k < size; k++) {
          int at = base + k * inner;
          sum += log ? g[at] : g[at] * y[at];
        }
        for (int k = 0; k < size; k++) {
          int at = base + k * inner;
          out[at] = log ? g[at] - Math.exp(y[at]) * sum : y[at] * (g[at] - sum);
        }
      }
    }
    return new Gradients(Tensor.of(input.dtype(), shape, out), Map.of());
  }

  private double[] outputs(Tensor input) {
    double[] x = input.toDoubleArray();
    double[] y = new double[x.length];
    int[] shape = input.shape();
    int d = SoftmaxDims.resolve(dim, shape.length);
    int size = shape.length == 0 ? 1 : shape[d];
    int inner = inner(shape, d);
    int outer = size == 0 || inner == 0 ? 0 : x.length / (size * inner);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * size * inner + i;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
          max = Math.max(max, x[base + k * inner]); // NaN wins, as in PyTorch's reduction
        }
        double sum = 0;
        for (int k = 0; k < size; k++) {
          sum += Math.exp(x[base + k * inner] - max);
        }
        for (int k = 0; k < size; k++) {
          int at = base + k * inner;
          y[at] = log ? x[at] - max - Math.log(sum) : Math.exp(x[at] - max) / sum;
        }
      }
    }
    return y;
  }

  /** The product of the dimensions after {@code d} (1 for a 0-d input). */
  private static int inner(int[] shape, int d) {
    int inner = 1;
    for (int k = d + 1; k < shape.length; k++) {
      inner *= shape[k];
    }
    return inner;
  }
}
