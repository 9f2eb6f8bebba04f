package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;

/**
 * {@code torch.nn.AdaptiveAvgPool1d}: the mean of each of {@code output_size} windows, libtorch's
 * {@code adaptive_avg_pool1d} (DJL's {@code adaptiveAvgPool}) and its autograd. An input without
 * elements gives an empty output directly.
 */
public final class AdaptiveAvgPool1d extends Module {

  private AdaptiveAvgPool1d(AdaptiveAvgPool1dSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.AdaptiveAvgPool1d(output_size)} in float32 on the CPU.
   *
   * @param outputSize the number of windows
   * @return the module
   */
  public static AdaptiveAvgPool1d of(int outputSize) {
    return of(AdaptiveAvgPool1dSpec.of(outputSize), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static AdaptiveAvgPool1d of(AdaptiveAvgPool1dSpec spec, DeviceSpec device) {
    return new AdaptiveAvgPool1d(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    if (input.size() == 0) {
      // libtorch's backward refuses the batched form (1, 0, L) of an unbatched (0, L) input that
      // PyTorch differentiates; an empty input's output is empty, and reshaping keeps it on the
      // autograd graph (a zero gradient).
      int[] in = TensorConversion.intShape(input.getShape());
      return input.reshape(TensorConversion.shape(spec().outputShape(in)));
    }
    int out = ((AdaptiveAvgPool1dSpec) spec()).outputSize().value();
    NDArray y = JniUtils.adaptiveAvgPool((PtNDArray) PoolOps.batched(input), new Shape(out));
    return PoolOps.unbatched(y, input);
  }

  @Override
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    return Math.max(
        super.workEstimate(inputShape, outputShape), org.torchparity.spec.Tensor.numel(inputShape));
  }
}
