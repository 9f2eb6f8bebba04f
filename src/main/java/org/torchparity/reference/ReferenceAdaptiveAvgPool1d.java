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

  /** The windows of an input of {@code length}: PyTorch's adaptive start and end of each output. */
  private AveragingWindows windows(int length, int out) {
    return new AveragingWindows() {
      @Override
      public long from(int o) {
        return PoolShapes.adaptiveStart(o, length, out);
      }

      @Override
      public long to(int o) {
        return PoolShapes.adaptiveEnd(o, length, out);
      }

      @Override
      public double divisor(int o) {
        return to(o) - from(o);
      }
    };
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] outShape = spec.outputShape(input.shape());
    return windows(input.shape()[input.dim() - 1], outShape[outShape.length - 1])
        .forward(input, outShape);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    spec.checkGradOutput(input.shape(), gradOutput);
    int[] outShape = spec.outputShape(input.shape());
    Tensor grad =
        windows(input.shape()[input.dim() - 1], outShape[outShape.length - 1])
            .backward(input, outShape, gradOutput);
    return new Gradients(grad, Map.of());
  }
}
