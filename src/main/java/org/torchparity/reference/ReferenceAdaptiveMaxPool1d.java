package org.torchparity.reference;

import java.util.List;
import java.util.Map;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.PoolShapes;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.AdaptiveMaxPool1d}: per row, window {@code o} spans {@code [floor(o L / out), ceil((o +
 * 1) L / out))} and its output is the value at the position libtorch picks ({@link
 * PoolRows#argMax}); {@code return_indices} adds those positions. Backward adds each output's
 * gradient at its picked position.
 */
public final class ReferenceAdaptiveMaxPool1d implements ReferenceModule {
  private final AdaptiveMaxPool1dSpec spec;

  /**
   * Creates the reference.
   *
   * @param spec the module's arguments
   */
  public ReferenceAdaptiveMaxPool1d(AdaptiveMaxPool1dSpec spec) {
    this.spec = spec;
  }

  private long[] picks(Tensor input, int out) {
    int length = input.shape()[input.dim() - 1];
    int rows = length == 0 ? 0 : input.numel() / length;
    double[] x = input.toDoubleArray();
    long[] picked = new long[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        int start = PoolShapes.adaptiveStart(o, length, out);
        int end = PoolShapes.adaptiveEnd(o, length, out);
        picked[r * out + o] = PoolRows.argMax(x, r * length, length, start, end - start, 1);
      }
    }
    return picked;
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return call(state, input, false).outputs().get(0);
  }

  @Override
  public ModuleOutputs call(Map<String, Tensor> state, Tensor input, boolean training) {
    int[] outShape = spec.outputShape(input.shape());
    int out = outShape[outShape.length - 1];
    int length = input.shape()[input.dim() - 1];
    long[] picked = picks(input, out);
    double[] values = new double[picked.length];
    for (int i = 0; i < picked.length; i++) {
      values[i] = input.getFlat((i / out) * length + (int) picked[i]);
    }
    Tensor y = Tensor.of(input.dtype(), outShape, values);
    List<Tensor> outputs =
        spec.returnIndices() ? List.of(y, Tensor.ofLongs(outShape, picked)) : List.of(y);
    return new ModuleOutputs(outputs, Map.of());
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    spec.checkGradOutput(input.shape(), gradOutput);
    int[] outShape = spec.outputShape(input.shape());
    int out = outShape[outShape.length - 1];
    int length = input.shape()[input.dim() - 1];
    long[] picked = picks(input, out);
    double[] grad = new double[input.numel()];
    for (int i = 0; i < picked.length; i++) {
      grad[(i / out) * length + (int) picked[i]] += gradOutput.getFlat(i);
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), grad), Map.of());
  }
}
