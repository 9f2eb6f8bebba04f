package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.UpsampleIndex;
import org.torchparity.spec.UpsampleSpec;

/**
 * {@code torch.nn.Upsample} on {@code (N, C, L)}: modes {@code nearest}, {@code nearest-exact} and
 * {@code linear}, with {@code size} or {@code scale_factor} (fractional too), {@code align_corners}
 * and {@code recompute_scale_factor}.
 *
 * <p>Built from gathers, not from libtorch's {@code upsample_*1d}: DJL's only route to those
 * ({@code JniUtils.interpolate}) passes an output size and no scale, so it cannot express PyTorch's
 * default call with {@code scale_factor} (where the kernel reads sources at {@code d /
 * scale_factor}, not {@code d * L / out}), and for {@code linear} it also sets {@code
 * antialias=True}, which libtorch refuses on 3-D input. The source indices and weights are computed
 * in Java with libtorch's arithmetic ({@link UpsampleIndex}); the engine then forms {@code x[i]}
 * (nearest) or {@code x[i0] * l0 + x[i1] * l1} (linear) in the input's dtype, as PyTorch's CPU
 * kernel does. Backward is libtorch's autograd of the gathers: each output gradient, times its
 * weight, added back onto its sources, as {@code upsample_*1d_backward} does.
 */
public final class Upsample extends Module {
  private final UpsampleSpec spec;

  private Upsample(UpsampleSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Upsample(scale_factor=scale, mode=mode)} in float32 on the CPU.
   *
   * @param scaleFactor the scale
   * @param mode {@code nearest}, {@code nearest-exact} or {@code linear}
   * @return the module
   */
  public static Upsample of(double scaleFactor, String mode) {
    return of(UpsampleSpec.ofScale(scaleFactor, mode), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Upsample of(UpsampleSpec spec, DeviceSpec device) {
    return new Upsample(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    int in = Math.toIntExact(input.getShape().get(2));
    int out = Math.toIntExact(spec.outputLength(in));
    if (!spec.mode().equals("linear")) {
      return PaddingAdapter.gatherLast(input, widen(UpsampleIndex.nearest(spec, in, out)));
    }
    UpsampleIndex.Linear l = UpsampleIndex.linear(spec, in, out);
    NDArray lower = PaddingAdapter.gatherLast(input, widen(l.index0()));
    NDArray upper = PaddingAdapter.gatherLast(input, widen(l.index1()));
    return lower.mul(weights(input, l.lambda0())).add(upper.mul(weights(input, l.lambda1())));
  }

  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    if (spec.mode().equals("linear")) {
      return super.computeBackward(input, gradOutput);
    }
    int in = Math.toIntExact(input.getShape().get(2));
    int out = Math.toIntExact(spec.outputLength(in));
    long[] sources = widen(UpsampleIndex.nearestBackward(spec, in, out));
    // The gradient of a gather with the backward kernel's sources: each output gradient added
    // onto its source (scatter-add, via libtorch's autograd).
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      NDArray x = input.duplicate();
      x.attach(input.getManager());
      x.setRequiresGradient(true);
      NDArray y = PaddingAdapter.gatherLast(x, sources);
      JniUtils.backward((PtNDArray) y, (PtNDArray) gradOutput, false, false);
      NDArray grad = JniUtils.getGradient((PtNDArray) x);
      grad.attach(input.getManager());
      return new ArrayGradients(grad, Map.of());
    } finally {
      JniUtils.setGradMode(wasEnabled);
    }
  }

  private static long[] widen(int[] index) {
    long[] out = new long[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = index[i];
    }
    return out;
  }

  /** The weights as an array of the input's dtype (each is a value of that dtype already). */
  private NDArray weights(NDArray input, double[] lambda) {
    if (spec.dtype() == DType.FLOAT32) {
      float[] f = new float[lambda.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) lambda[i];
      }
      return input.getManager().create(f);
    }
    return input.getManager().create(lambda).toType(DataType.FLOAT64, false);
  }
}
