package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.torchparity.spec.ConvSpec;

/**
 * ConvTranspose1d computed phase by phase when the stride divides the kernel: one ordinary
 * convolution instead of one over a zero-stuffed input ({@link EngineConv#transposed} picks it).
 */
final class TransposedPhases {
  private TransposedPhases() {}

  /**
   * Whether {@link #compute} computes this ConvTranspose1d: a stride above 1 that divides the
   * kernel, at dilation 1, so that every phase has the same taps and none is padded with a zero.
   */
  static boolean applies(ConvSpec spec) {
    return spec.transposed()
        && spec.stride() > 1
        && spec.dilation() == 1
        && spec.kernelSize() % spec.stride() == 0;
  }

  /**
   * ConvTranspose1d by phases, the route for {@link #applies}: output {@code m*stride + r} is
   * {@code sum over q of w[r + stride*q] * x[m - q]}, a stride-1 correlation of the input with the
   * phase's {@code k/stride} taps reversed. All phases of all output channels are one convolution
   * with {@code C_out*stride} channels ({@code k/stride - 1} zeros of padding on each side), whose
   * channels are then interleaved along the signal and the transposed padding is cropped (output
   * padding adds zeros). It forms exactly PyTorch's products and none with a stuffed zero, so it
   * does {@code 1/stride} of the zero-stuffed route's work: the ConvTranspose1d decoder of a
   * Conv-TasNet (k 16, stride 8) ran 47 ms that way and about 1 ms this way. The padding's zeros
   * meet finite weights only (the caller checks).
   *
   * @param weight the ConvTranspose1d weight {@code (C_in, C_out/g, k)}
   */
  static NDArray compute(
      ConvSpec spec, NDArray x, NDArray weight, NDArray bias, int outputPadding) {
    int stride = spec.stride();
    int groups = spec.groups();
    Shape ws = weight.getShape();
    long inPerGroup = ws.get(0) / groups;
    long outPerGroup = ws.get(1);
    long taps = ws.get(2) / stride;
    long outChannels = outPerGroup * groups;
    // w[g, i, o, q*stride + r] -> W[(g*outPerGroup + o)*stride + r, i, taps - 1 - q]
    NDArray phases =
        EngineConv.joinCall(x, weight.reshape(groups, inPerGroup, outPerGroup, taps, stride))
            .transpose(0, 2, 4, 1, 3)
            .reshape(outChannels * stride, inPerGroup, taps)
            .flip(2);
    NDArray z = EngineConv.convolve(x, phases, null, 1, taps - 1, 1, groups);
    long n = x.getShape().get(0);
    long zLength = z.getShape().get(2);
    long full = zLength * stride; // (L - 1)*stride + k, the uncropped output
    NDArray interleaved =
        z.reshape(n, outChannels, stride, zLength)
            .transpose(0, 1, 3, 2)
            .reshape(n, outChannels, full);
    long padding = spec.padding().amount();
    long outLength = full - 2 * padding + outputPadding;
    NDArray y = PaddingAdapter.padOrCrop(interleaved, -padding, outLength - (full - padding));
    if (bias == null) {
      return y;
    }
    return y.add(EngineConv.joinCall(x, bias.reshape(1, outChannels, 1)));
  }
}
