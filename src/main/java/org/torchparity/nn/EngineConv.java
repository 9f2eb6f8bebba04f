package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.OneDnnGuard;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.PaddingMode;

/**
 * The engine-side forward passes, on batched {@code (N, C, L)} arrays, built on DJL's {@code
 * Conv1d.conv1d} (libtorch's {@code torch::conv1d}). Results attach to the input's manager.
 */
final class EngineConv {
  /**
   * One-axis shapes for small values, made once: DJL's {@code Shape} constructor runs two streams,
   * and a tiny convolution would otherwise build three of them per call.
   */
  private static final Shape[] SMALL_SHAPES = new Shape[64];

  static {
    for (int i = 0; i < SMALL_SHAPES.length; i++) {
      SMALL_SHAPES[i] = new Shape(i);
    }
  }

  private EngineConv() {}

  /** Returns the one-axis shape {@code (value)}, shared for small values (shapes are immutable). */
  static Shape shape1(int value) {
    return value >= 0 && value < SMALL_SHAPES.length ? SMALL_SHAPES[value] : new Shape(value);
  }

  /**
   * Runs either layer on a batched or unbatched input; every result joins {@code x}'s manager.
   *
   * @param spec the layer's arguments
   * @param x {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param weight the weight as PyTorch shapes it (ConvTranspose1d: {@code (C_in, C_out/g, k)})
   * @param bias the bias or {@code null}
   * @param outputPadding ConvTranspose1d's output padding (ignored by Conv1d)
   * @return the output, batched exactly when {@code x} is
   */
  static NDArray forward(
      ConvSpec spec, NDArray x, NDArray weight, NDArray bias, int outputPadding) {
    boolean unbatched = x.getShape().dimension() == 2;
    NDArray x3 = unbatched ? x.expandDims(0) : x;
    NDArray y3 =
        spec.transposed()
            ? convTranspose1d(spec, x3, transposeWeight(weight, spec.groups()), bias, outputPadding)
            : conv1d(spec, x3, weight, bias);
    return unbatched ? y3.squeeze(0) : y3;
  }

  /**
   * Computes the gradients of either layer with libtorch's autograd, the second engine route that
   * the {@code engine-autograd} kernel uses to cross-check {@link EngineBackward} (the route the
   * layers use): the forward pass is recorded with {@code x}, {@code weight} and {@code bias} as
   * leaves and {@code gradOutput} is passed straight to {@code torch::autograd::backward}, so the
   * gradient kernels are libtorch's own.
   *
   * <p>This goes through {@code JniUtils} rather than DJL's {@code GradientCollector}: the
   * collector admits one collecting instance per process (a static flag) and seeds the backward
   * pass with ones, while this path needs neither. libtorch's grad mode is thread-local; it is
   * switched on for this thread only and restored afterwards. The recorded forward pass runs like
   * any forward pass (oneDNN on, shared lock); the backward pass itself runs one at a time with
   * oneDNN off ({@link OneDnnGuard}), because libtorch 2.7.1's oneDNN conv backward gives a wrong
   * grad_input on some CPUs.
   *
   * @return grad_input, grad_weight and grad_bias ({@code null} without bias), attached to the
   *     inputs' managers
   */
  static NDArray[] autogradBackward(
      ConvSpec spec, NDArray x, NDArray weight, NDArray bias, NDArray gradOutput) {
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      x.setRequiresGradient(true);
      weight.setRequiresGradient(true);
      if (bias != null) {
        bias.setRequiresGradient(true);
      }
      // Recording is a forward pass: oneDNN on, under the read lock (inside conv1d), 2-3 times
      // faster than libtorch's own kernels. libtorch picks the convolution's backward kernel when
      // the backward pass runs, not when the forward was recorded, so only the backward pass
      // needs oneDNN off.
      NDArray y = forward(spec, x, weight, bias, spec.outputPadding());
      OneDnnGuard.backward(
          () -> {
            JniUtils.backward((PtNDArray) y, (PtNDArray) gradOutput, false, false);
            return null;
          });
      return new NDArray[] {
        x.getGradient(), weight.getGradient(), bias == null ? null : bias.getGradient()
      };
    } finally {
      JniUtils.setGradMode(wasEnabled);
    }
  }

  /**
   * Conv1d forward with every padding form PyTorch offers.
   *
   * <p>Zeros padding goes to libtorch's own padding argument; when {@code padding="same"} needs one
   * more element on the right than on the left, that element is added first with a constant pad, as
   * PyTorch's {@code _convolution_mode} does. Other modes pad through {@link PaddingAdapter} and
   * convolve with padding 0, as {@code nn.Conv1d._conv_forward} does.
   */
  static NDArray conv1d(ConvSpec spec, NDArray x, NDArray weight, NDArray bias) {
    int left = spec.padLeft();
    int right = spec.padRight();
    NDArray input = x;
    int convPadding = 0;
    if (spec.paddingMode() == PaddingMode.ZEROS) {
      if (right != left) {
        input = x.pad(new Shape(0, right - left), 0.0);
      }
      convPadding = left;
    } else {
      input = PaddingAdapter.pad(x, spec.paddingMode(), left, right);
    }
    return convolve(
        input, weight, bias, spec.stride(), convPadding, spec.dilation(), spec.groups());
  }

  /**
   * ConvTranspose1d forward as a stride-1 convolution: the input is zero-stuffed ({@code stride -
   * 1} zeros between samples), padded with {@code dilation*(k-1) - padding} zeros on the left and
   * that plus {@code outputPadding} on the right (a negative amount crops), and convolved with the
   * kernel transposed per group and flipped ({@link #transposeWeight}). This is the textbook
   * identity behind {@code conv_transpose1d}; every step is an autograd-aware engine op, so the
   * {@code engine-autograd} route can differentiate it too. DJL's own {@code deconvolution} throws
   * {@code UnsupportedOperationException} on the PyTorch engine.
   *
   * @param convWeight the kernel already in convolution form, from {@link #transposeWeight}
   */
  static NDArray convTranspose1d(
      ConvSpec spec, NDArray x, NDArray convWeight, NDArray bias, int outputPadding) {
    int edge = spec.dilation() * (spec.kernelSize() - 1) - spec.padding().amount();
    return transposedCorrelation(
        x,
        convWeight,
        bias,
        spec.stride(),
        edge,
        edge + outputPadding,
        spec.dilation(),
        spec.groups());
  }

  /**
   * The stride-1 convolution behind a transposed convolution: {@code x} zero-stuffed ({@code stride
   * - 1} zeros between samples), padded by {@code left} and {@code right} zeros (a negative amount
   * crops), convolved with {@code convWeight} at {@code dilation}.
   *
   * @param x {@code (N, C, L)}
   * @param convWeight the kernel in convolution form, from {@link #transposeWeight}
   * @param bias the bias or {@code null}
   * @return the result, attached to {@code x}'s manager
   */
  static NDArray transposedCorrelation(
      NDArray x,
      NDArray convWeight,
      NDArray bias,
      int stride,
      int left,
      int right,
      int dilation,
      int groups) {
    NDArray stuffed = stride == 1 ? x : zeroStuff(x, stride);
    NDArray input = stuffed;
    int convPadding = 0;
    if (left == right && left >= 0) {
      convPadding = left;
    } else {
      input = PaddingAdapter.padOrCrop(stuffed, left, right);
    }
    return convolve(input, convWeight, bias, 1, convPadding, dilation, groups);
  }

  /**
   * libtorch's convolution ({@code torch::conv1d} through DJL), {@code x} {@code (N, C, L)} padded
   * by {@code padding} zeros on both sides, under {@link OneDnnGuard}'s shared lock: every
   * convolution torch-parity runs, forward or for a gradient, goes through here.
   */
  static NDArray convolve(
      NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation, int groups) {
    return OneDnnGuard.forward(
        () ->
            Conv1d.conv1d(
                    x, weight, bias, shape1(stride), shape1(padding), shape1(dilation), groups)
                .singletonOrThrow());
  }

  /** Inserts {@code stride - 1} zeros between neighbouring samples of the last axis. */
  private static NDArray zeroStuff(NDArray x, int stride) {
    Shape shape = x.getShape();
    long n = shape.get(0);
    long c = shape.get(1);
    long length = shape.get(2);
    NDArray zeros =
        x.getManager().zeros(new Shape(n, c, length, stride - 1), x.getDataType(), x.getDevice());
    NDArray interleaved = NDArrays.concat(new ai.djl.ndarray.NDList(x.expandDims(3), zeros), 3);
    return interleaved.reshape(n, c, length * stride).get("..., 0:{}", (length - 1) * stride + 1);
  }

  /**
   * Rewrites a ConvTranspose1d weight {@code (C_in, C_out/g, k)} as the Conv1d weight {@code
   * (C_out, C_in/g, k)} that, applied to the zero-stuffed input, gives the same output: within each
   * group the two channel axes swap, and the kernel is reversed.
   */
  static NDArray transposeWeight(NDArray weight, int groups) {
    Shape shape = weight.getShape();
    long in = shape.get(0);
    long outPerGroup = shape.get(1);
    long k = shape.get(2);
    return weight
        .reshape(groups, in / groups, outPerGroup, k)
        .transpose(0, 2, 1, 3)
        .reshape(outPerGroup * groups, in / groups, k)
        .flip(2);
  }
}
