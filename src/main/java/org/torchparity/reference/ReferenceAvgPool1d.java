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

  /** The windows of an input of {@code length}: the kernel's span clipped to the input. */
  private AveragingWindows windows(int length) {
    return new AveragingWindows() {
      @Override
      public long from(int o) {
        return Math.max(spec.windowStart(o), 0);
      }

      @Override
      public long to(int o) {
        return Math.min(spec.windowStart(o) + spec.kernelSize(), length);
      }

      @Override
      public double divisor(int o) {
        return spec.divisor(o, length);
      }
    };
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return windows(input.shape()[input.dim() - 1]).forward(input, spec.outputShape(input.shape()));
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    spec.checkGradOutput(input.shape(), gradOutput);
    Tensor grad =
        windows(input.shape()[input.dim() - 1])
            .backward(input, spec.outputShape(input.shape()), gradOutput);
    return new Gradients(grad, Map.of());
  }
}
