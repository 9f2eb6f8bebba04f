package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;
import org.torchparity.spec.UpsampleIndex;
import org.torchparity.spec.UpsampleSpec;

/**
 * {@code nn.Upsample} on {@code (N, C, L)}: each output element reads its source (nearest modes) or
 * blends two ({@code linear}: {@code x[i0] * l0 + x[i1] * l1}, both products formed even for a zero
 * weight, so an infinite neighbour gives NaN as in PyTorch), with the sources and weights of {@link
 * UpsampleIndex} (libtorch's index arithmetic in its precision). The blend is computed in double
 * and rounded once; the backward pass adds {@code l0 * g} and {@code l1 * g} (or {@code g}) back
 * onto the sources, as {@code upsample_*1d_backward} does.
 */
public final class ReferenceUpsample implements ReferenceModule {
  private final UpsampleSpec spec;

  /**
   * The reference of a spec.
   *
   * @param spec the module
   */
  public ReferenceUpsample(UpsampleSpec spec) {
    this.spec = spec;
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] outShape = spec.outputShape(input.shape());
    int in = input.shape()[2];
    int out = outShape[2];
    int rows = outShape[0] * outShape[1];
    double[] x = input.toDoubleArray();
    double[] y = new double[rows * out];
    if (!spec.mode().equals("linear")) {
      int[] index = UpsampleIndex.nearest(spec, in, out);
      for (int r = 0; r < rows; r++) {
        for (int d = 0; d < out; d++) {
          y[r * out + d] = x[r * in + index[d]];
        }
      }
    } else {
      UpsampleIndex.Linear l = UpsampleIndex.linear(spec, in, out);
      for (int r = 0; r < rows; r++) {
        for (int d = 0; d < out; d++) {
          y[r * out + d] =
              x[r * in + l.index0()[d]] * l.lambda0()[d]
                  + x[r * in + l.index1()[d]] * l.lambda1()[d];
        }
      }
    }
    return Tensor.of(input.dtype(), outShape, y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    int[] outShape = spec.outputShape(input.shape());
    int in = input.shape()[2];
    int out = outShape[2];
    int rows = outShape[0] * outShape[1];
    double[] g = gradOutput.toDoubleArray();
    double[] gx = new double[input.numel()];
    if (!spec.mode().equals("linear")) {
      // PyTorch's nearest backward reads nearest_idx, not the forward's indices
      int[] index = UpsampleIndex.nearestBackward(spec, in, out);
      for (int r = 0; r < rows; r++) {
        for (int d = 0; d < out; d++) {
          gx[r * in + index[d]] += g[r * out + d];
        }
      }
    } else {
      UpsampleIndex.Linear l = UpsampleIndex.linear(spec, in, out);
      for (int r = 0; r < rows; r++) {
        for (int d = 0; d < out; d++) {
          double grad = g[r * out + d];
          gx[r * in + l.index0()[d]] += l.lambda0()[d] * grad;
          gx[r * in + l.index1()[d]] += l.lambda1()[d] * grad;
        }
      }
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), gx), Map.of());
  }
}
