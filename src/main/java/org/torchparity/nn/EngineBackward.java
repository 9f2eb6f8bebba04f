package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.PaddingMode;

/**
 * The engine's backward pass for both layers, computed with forward-direction libtorch ops through
 * the adjoint identities of convolution instead of autograd:
 *
 * <ul>
 *   <li><b>grad_input</b> of a Conv1d is the ConvTranspose1d of grad_output with the same weight
 *       (stride, padding, dilation and groups kept, the length made to match the input); that of a
 *       ConvTranspose1d is the Conv1d of grad_output.
 *   <li><b>grad_weight</b>, for each kernel tap {@code j}: the batched matrix product of
 *       grad_output {@code (N, C_out, L_out)} with the input window the tap reads, {@code x[n, c,
 *       t*s + j*d - padLeft]} over {@code t}, summed over the batch. For a ConvTranspose1d the
 *       input and grad_output swap roles.
 *   <li><b>grad_bias</b>: grad_output summed over batch and length.
 *   <li>reflect, replicate and circular padding: the gradient with respect to the padded input is
 *       folded back onto the input by libtorch's autograd of the padding ops ({@link
 *       PaddingAdapter}; no convolution is involved), as PyTorch's {@code F.pad} backward folds it.
 * </ul>
 *
 * <p>Why not libtorch's autograd of the convolution: libtorch 2.7.1's oneDNN convolution backward
 * returns a wrong grad_input for batched input on the AMD EPYC (Zen 5) this project is built on,
 * and with oneDNN switched off its portable backward kernels took 70 ms where this takes about 40
 * ms on the large benchmark case. This route runs only convolutions in the forward direction
 * (oneDNN's forward is correct, and the one the forward pass uses) and matrix products, so it needs
 * no process-wide switch and no lock, and it runs on any device. The autograd route stays available
 * as the {@code engine-autograd} kernel ({@link EngineAutogradKernel}) to cross-check this one; the
 * PyTorch cases and the engine-vs-reference grid check both.
 */
final class EngineBackward {
  private EngineBackward() {}

  /**
   * Computes grad_input, grad_weight and grad_bias of either layer.
   *
   * @param spec the layer's arguments
   * @param x the forward input, {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param weight the weight as PyTorch shapes it
   * @param bias the bias, only its presence matters; {@code null} without bias
   * @param gradOutput shaped like the forward output
   * @return grad_input, grad_weight and grad_bias ({@code null} without bias), attached to {@code
   *     x}'s manager
   */
  static NDArray[] backward(
      ConvSpec spec, NDArray x, NDArray weight, NDArray bias, NDArray gradOutput) {
    boolean unbatched = x.getShape().dimension() == 2;
    NDArray x3 = unbatched ? x.expandDims(0) : x;
    NDArray gy3 = unbatched ? gradOutput.expandDims(0) : gradOutput;
    NDArray[] grads =
        spec.transposed() ? transposed(spec, x3, weight, gy3) : conv(spec, x3, weight, gy3);
    if (unbatched) {
      grads[0] = grads[0].squeeze(0);
    }
    NDArray gradBias = bias == null ? null : gy3.sum(new int[] {0, 2});
    return new NDArray[] {grads[0], grads[1], gradBias};
  }

  /** Conv1d: grad_input and grad_weight on batched arrays. */
  private static NDArray[] conv(ConvSpec spec, NDArray x, NDArray weight, NDArray gy) {
    int k = spec.kernelSize();
    int stride = spec.stride();
    int dilation = spec.dilation();
    int groups = spec.groups();
    // The convolution reads x padded by zeros (virtually, through libtorch's padding argument) or,
    // in the other modes, the explicitly padded x with no further padding.
    NDArray leaf = null;
    NDArray input = x;
    long padLeft = spec.padLeft();
    if (spec.paddingMode() != PaddingMode.ZEROS) {
      leaf = x.duplicate();
      leaf.setRequiresGradient(true);
      input =
          withGradMode(
              leaf, l -> PaddingAdapter.pad(l, spec.paddingMode(), padLeft, spec.padRight()));
    }
    long convPad = spec.paddingMode() == PaddingMode.ZEROS ? padLeft : 0;
    long inputLength = input.getShape().get(2);
    long outLength = gy.getShape().get(2);
    long edge = spec.effectiveKernelSize() - 1 - convPad;
    // grad_input is the transposed convolution of grad_output, cropped to the (padded) input.
    long right =
        inputLength - ((outLength - 1) * stride + 1) - edge + spec.effectiveKernelSize() - 1;
    NDArray gradInput =
        EngineConv.stuffedIsProportional(outLength, stride, edge, right, inputLength)
                && EngineConv.allFinite(weight)
            ? EngineConv.transposedCorrelation(
                gy,
                EngineConv.transposeWeight(weight, groups),
                null,
                stride,
                edge,
                right,
                dilation,
                groups)
            : EngineConv.scatterTransposed(
                gy, weight, null, stride, dilation, groups, convPad, inputLength);
    NDArray gradWeight = tapProducts(input, convPad, gy, k, stride, dilation, groups);
    if (leaf != null) {
      NDArray padded = input;
      NDArray gradPadded = gradInput;
      withGradMode(
          leaf,
          l -> {
            JniUtils.backward((PtNDArray) padded, (PtNDArray) gradPadded, false, false);
            return null;
          });
      gradInput = leaf.getGradient();
    }
    return new NDArray[] {gradInput, gradWeight};
  }

  /** ConvTranspose1d: grad_input and grad_weight on batched arrays. */
  private static NDArray[] transposed(ConvSpec spec, NDArray x, NDArray weight, NDArray gy) {
    int k = spec.kernelSize();
    int padding = spec.padding().amount();
    // y[n, o, t*s - p + j*d] += x[n, i, t] * w[i, o, j]: grad_input is the Conv1d of grad_output
    // with w read as a Conv1d weight (out = C_in, in/g = C_out/g). Its length can exceed the
    // input's when output_padding >= stride (allowed while < dilation); the excess is cropped.
    NDArray full =
        EngineConv.convolve(
            gy, weight, null, spec.stride(), padding, spec.dilation(), spec.groups());
    long length = x.getShape().get(2);
    // duplicate() makes the cropped view contiguous (a clone of a non-dense view), as PyTorch's
    // gradients are.
    NDArray gradInput =
        full.getShape().get(2) == length ? full : full.get("..., 0:{}", length).duplicate();
    // grad_weight[i, o, j] = sum over n, t of x[n, i, t] * gy[n, o, t*s + j*d - p]: the Conv1d
    // formula with grad_output read as the input and x as the output gradient.
    NDArray gradWeight =
        tapProducts(gy, padding, x, k, spec.stride(), spec.dilation(), spec.groups());
    return new NDArray[] {gradInput, gradWeight};
  }

  /**
   * Returns {@code g[o, c, j] = sum over n, t of out[n, o, t] * in[n, group(o)*C/g + c, t*stride +
   * j*dilation - padLeft]}, with {@code in} read as zero outside its length: Conv1d's grad_weight
   * {@code (C_out, C_in/g, k)} for {@code in} the input and {@code out} grad_output. Every {@code
   * (t, j)} pair forms its product, zeros included ({@code nan * 0}), as PyTorch's dense formula
   * does.
   *
   * <p>Each tap reads a window of {@code in}, one value per output position. Usually these are
   * strided views of {@code in} padded once; when that padded row would be much longer than the
   * input and the windows together (a padding or dilation of {@code 2^30}), each window is built on
   * its own from zeros and the slice of {@code in} it reads, so no array exceeds the windows.
   */
  private static NDArray tapProducts(
      NDArray in, long padLeft, NDArray out, int k, int stride, int dilation, int groups) {
    long n = in.getShape().get(0);
    long channels = in.getShape().get(1);
    long length = in.getShape().get(2);
    long outChannels = out.getShape().get(1);
    long outLength = out.getShape().get(2);
    long span = stride * (outLength - 1) + 1;
    long reach = (long) dilation * (k - 1);
    NDArray grouped = out.reshape(n, groups, outChannels / groups, outLength);
    // Pad (or crop) so that position 0 is x[-padLeft] and every tap's window fits.
    long right = span + reach - length - padLeft;
    boolean padOnce =
        Math.max(0, padLeft) + Math.max(0, right)
            <= 4 * (length + outLength * k) + EngineConv.PROPORTIONAL_SLACK;
    NDArray padded = padOnce ? PaddingAdapter.padOrCrop(in, padLeft, right) : null;
    NDArray zeroTap = null;
    NDList taps = new NDList(k);
    for (int j = 0; j < k; j++) {
      long start = (long) j * dilation;
      NDArray window;
      if (padOnce) {
        window = padded.get("..., {}:{}:{}", start, start + span, stride);
      } else {
        window = tapWindow(in, start - padLeft, stride, outLength);
        if (window == null) {
          // no position of this tap is inside in: every product is out * 0, the same for all
          if (zeroTap == null) {
            NDArray zeros =
                in.getManager()
                    .zeros(new Shape(n, channels, outLength), in.getDataType(), in.getDevice());
            zeroTap = product(grouped, zeros, n, groups, channels, outChannels, outLength);
          }
          taps.add(zeroTap);
          continue;
        }
      }
      taps.add(product(grouped, window, n, groups, channels, outChannels, outLength));
    }
    return k == 1 ? taps.singletonOrThrow() : NDArrays.concat(taps, 2);
  }

  /**
   * One tap's {@code sum over n, t of out[n, o, t] * window[n, c, t]}, as {@code (C_out, C/g, 1)}.
   */
  private static NDArray product(
      NDArray grouped,
      NDArray window,
      long n,
      int groups,
      long channels,
      long outChannels,
      long outLength) {
    NDArray tap = window.reshape(n, groups, channels / groups, outLength).transpose(0, 1, 3, 2);
    return grouped.matMul(tap).sum(new int[] {0}).reshape(outChannels, channels / groups, 1);
  }

  /**
   * The window {@code in[..., first + t*stride]} for {@code t} in {@code [0, outLength)}, zero
   * where the position is outside {@code in}; {@code null} when every position is.
   */
  private static NDArray tapWindow(NDArray in, long first, int stride, long outLength) {
    long length = in.getShape().get(2);
    long tLo = Math.min(outLength, Math.max(0, EngineConv.ceilDiv(-first, stride)));
    long tHi = Math.max(tLo, Math.min(outLength, EngineConv.ceilDiv(length - first, stride)));
    if (tLo == tHi) {
      return null;
    }
    long from = first + tLo * stride;
    NDArray inside = in.get("..., {}:{}:{}", from, from + (tHi - tLo - 1) * stride + 1, stride);
    return PaddingAdapter.padOrCrop(inside, tLo, outLength - tHi);
  }

  /** Runs {@code work} on {@code leaf} with libtorch's grad mode on for this thread. */
  private static NDArray withGradMode(
      NDArray leaf, java.util.function.Function<NDArray, NDArray> work) {
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      return work.apply(leaf);
    } finally {
      JniUtils.setGradMode(wasEnabled);
    }
  }
}
