package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.AvgPool1dSpec;

/**
 * {@code torch.nn.AvgPool1d}: the mean of each window, libtorch's {@code avg_pool1d} (DJL's {@code
 * avgPool}) and its autograd. DJL 0.36's native {@code avgPool} drops its {@code count_include_pad}
 * argument (always {@code True}), so with {@code count_include_pad=False} and a padding the result
 * is rescaled per window by {@code divisor(True) / divisor(False)} (a constant of the window, so
 * the gradient scales alike); this differs from PyTorch's one division by a rounding or two.
 */
public final class AvgPool1d extends Module {

  private AvgPool1d(AvgPool1dSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.AvgPool1d(kernel_size)} in float32 on the CPU.
   *
   * @param kernelSize the window size
   * @return the module
   */
  public static AvgPool1d of(int kernelSize) {
    return of(AvgPool1dSpec.of(kernelSize), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static AvgPool1d of(AvgPool1dSpec spec, DeviceSpec device) {
    return new AvgPool1d(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    AvgPool1dSpec s = (AvgPool1dSpec) spec();
    NDArray x = PoolOps.batched(input);
    NDArray y =
        JniUtils.avgPool(
            (PtNDArray) x,
            new Shape(s.kernelSize()),
            new Shape(s.strideValue()),
            new Shape(s.padding()),
            s.ceilMode(),
            true);
    if (!s.countIncludePad() && s.padding() > 0) {
      int length = Math.toIntExact(x.getShape().get(2));
      int out = Math.toIntExact(y.getShape().get(2));
      double[] scale = new double[out];
      for (int o = 0; o < out; o++) {
        scale[o] = (double) s.paddedDivisor(o, length) / s.divisor(o, length);
      }
      NDArray factor = x.getManager().create(scale, new Shape(out));
      y = y.mul(factor.toType(x.getDataType(), false));
    }
    return PoolOps.unbatched(y, input);
  }

  @Override
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    return super.workEstimate(inputShape, outputShape) * ((AvgPool1dSpec) spec()).kernelSize();
  }
}
