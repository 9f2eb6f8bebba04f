package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.PoolShapes;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.AdaptiveAvgPool1d}: per row, window {@code o} spans {@code [floor(o L / out), ceil((o +
 * 1) L / out))} and its output is the mean there. Backward gives each position of a window the
 * output's gradient over the window's size.
 */
public final class ReferenceAdaptiveAvgPool1d implements ReferenceModule {
  private final AdaptiveAvgPool1dSpec spec;

  /**
   * Creates the reference.
   *
   * @param spec the module's arguments
   */
  public ReferenceAdaptiveAvgPool1d(AdaptiveAvgPool1dSpec spec) {
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
        int start = PoolShapes.adaptiveStart(o, length, out);
        int end = PoolShapes.adaptiveEnd(o, length, out);
        double sum = 0;
        for (int i = start; i < end; i++) {
          sum += x[r * length + i];
        }
        y[r * out + o] = sum / (end - start);
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
        int start = PoolShapes.adaptiveStart(o, length, out);
        int end = PoolShapes.adaptiveEnd(o, length, out);
        double g = gradOutput.getFlat(r * out + o) / (end - start);
        for (int i = start; i < end; i++) {
          grad[r * length + i] += g;
        }
      }
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), grad), Map.of());
  }
}
