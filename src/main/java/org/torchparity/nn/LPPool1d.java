package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.LpPool1dSpec;

/**
 * {@code torch.nn.LPPool1d}: libtorch's {@code lp_pool1d} (DJL's {@code lpPool}), the same
 * composition as PyTorch's Python {@code F.lp_pool1d}: {@code (sign(a) relu(|a|) k)^(1/p)} with
 * {@code a = avg_pool1d(x^p)}, and its autograd, so the gradient's zeros and NaNs are PyTorch's
 * (zero where a window's {@code a} is 0, through relu's backward; NaN where {@code x^p} or the root
 * is undefined).
 */
public final class LPPool1d extends Module {

  private LPPool1d(LpPool1dSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.LPPool1d(norm_type, kernel_size)} with an int power, in float32 on the CPU.
   *
   * @param normType the power
   * @param kernelSize the window size
   * @return the module
   */
  public static LPPool1d of(int normType, int kernelSize) {
    return of(LpPool1dSpec.of(normType, kernelSize), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static LPPool1d of(LpPool1dSpec spec, DeviceSpec device) {
    return new LPPool1d(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    LpPool1dSpec s = (LpPool1dSpec) spec();
    NDArray y =
        JniUtils.lpPool(
            (PtNDArray) PoolOps.batched(input),
            s.normType(),
            new Shape(s.kernelSize()),
            new Shape(s.strideValue()),
            s.ceilMode());
    return PoolOps.unbatched(y, input);
  }

  @Override
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    return super.workEstimate(inputShape, outputShape) * ((LpPool1dSpec) spec()).kernelSize();
  }
}
