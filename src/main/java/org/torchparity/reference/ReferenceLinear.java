package org.torchparity.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.Linear}: with the leading dimensions flattened into {@code n} rows, {@code y[n][o] =
 * sum_i x[n][i] W[o][i] + b[o]}; backward {@code grad_input[n][i] = sum_o g[n][o] W[o][i]}, {@code
 * grad_weight[o][i] = sum_n g[n][o] x[n][i]}, {@code grad_bias[o] = sum_n g[n][o]}. Every sum
 * accumulates in double and is rounded once to the dtype (libtorch accumulates in the dtype, so
 * float32 results differ from these by the float32 rounding of the sums).
 */
public final class ReferenceLinear implements ReferenceModule {
  private final LinearSpec spec;

  /**
   * The reference of a Linear layer.
   *
   * @param spec its arguments
   */
  public ReferenceLinear(LinearSpec spec) {
    this.spec = spec;
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] outShape = spec.outputShape(input.shape());
    int in = spec.inFeatures();
    int out = spec.outFeatures();
    int rows = rows(input.shape());
    double[] x = input.toDoubleArray();
    double[] w = state.get("weight").toDoubleArray();
    double[] b = spec.bias() ? state.get("bias").toDoubleArray() : null;
    double[] y = new double[rows * out];
    for (int n = 0; n < rows; n++) {
      for (int o = 0; o < out; o++) {
        double sum = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          sum += x[n * in + i] * w[o * in + i];
        }
        y[n * out + o] = sum;
      }
    }
    return Tensor.of(spec.dtype(), outShape, y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    int in = spec.inFeatures();
    int out = spec.outFeatures();
    int rows = rows(input.shape());
    double[] x = input.toDoubleArray();
    double[] w = state.get("weight").toDoubleArray();
    double[] g = gradOutput.toDoubleArray();
    double[] gx = new double[rows * in];
    double[] gw = new double[out * in];
    double[] gb = new double[out];
    for (int n = 0; n < rows; n++) {
      for (int i = 0; i < in; i++) {
        double sum = 0;
        for (int o = 0; o < out; o++) {
          sum += g[n * out + o] * w[o * in + i];
        }
        gx[n * in + i] = sum;
      }
    }
    for (int o = 0; o < out; o++) {
      double bias = 0;
      for (int n = 0; n < rows; n++) {
        bias += g[n * out + o];
      }
      gb[o] = bias;
      for (int i = 0; i < in; i++) {
        double sum = 0;
        for (int n = 0; n < rows; n++) {
          sum += g[n * out + o] * x[n * in + i];
        }
        gw[o * in + i] = sum;
      }
    }
    Map<String, Tensor> grads = new LinkedHashMap<>();
    grads.put("weight", Tensor.of(spec.dtype(), spec.parameterShape("weight"), gw));
    if (spec.bias()) {
      grads.put("bias", Tensor.of(spec.dtype(), spec.parameterShape("bias"), gb));
    }
    return new Gradients(Tensor.of(spec.dtype(), input.shape(), gx), grads);
  }

  /** The number of rows: the product of the leading dimensions (1 for a rank-1 input). */
  private static int rows(int[] shape) {
    int rows = 1;
    for (int d = 0; d < shape.length - 1; d++) {
      rows *= shape[d];
    }
    return rows;
  }
}
