package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.AvgPool1dSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.AvgPool1d}: per row, window {@code o} starts at {@code o * stride - padding}; its sum
 * over the input positions it covers (the zero padding adds nothing) is divided by libtorch's
 * divisor ({@link AvgPool1dSpec#divisor}). Backward gives each covered position the output's
 * gradient over that divisor.
 */
public final class ReferenceAvgPool1d implements ReferenceModule {
  private final AvgPool1dSpec spec;

  /**
   * Creates the reference.
   *
   * @param spec the module's arguments
   */
  public ReferenceAvgPool1d(AvgPool1dSpec spec) {
    this.spec = spec;
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] outShape = spec.outputShape(input.shape());
    int length = input.shape()[input.dim() - 1];
    int out = outShape[outShape.length - 1];
    int rows = input.numel() / length;
    double[] x = input.toDoubleArray();
    double[] y = new double[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        long start = spec.windowStart(o);
        long from = Math.max(start, 0);
        long to = Math.min(start + spec.kernelSize(), length);
        double sum = 0;
        for (long i = from; i < to; i++) {
          sum += x[r * length + (int) i];
        }
        y[r * out + o] = sum / spec.divisor(o, length);
      }
    }
    return Tensor.of(input.dtype(), outShape, y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    spec.checkGradOutput(input.shape(), gradOutput);
    int[] outShape = spec.outputShape(input.shape());
    int length = input.shape()[input.dim() - 1];
    int out = outShape[outShape.length - 1];
    int rows = input.numel() / length;
    double[] grad = new double[input.numel()];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        long start = spec.windowStart(o);
        long from = Math.max(start, 0);
        long to = Math.min(start + spec.kernelSize(), length);
        double g = gradOutput.getFlat(r * out + o) / spec.divisor(o, length);
        for (long i = from; i < to; i++) {
          grad[r * length + (int) i] += g;
        }
      }
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), grad), Map.of());
  }
}
