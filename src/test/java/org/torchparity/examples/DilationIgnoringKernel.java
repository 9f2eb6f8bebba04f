package org.torchparity.examples;

import org.torchparity.parity.ConvKernel;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/**
 * A deliberately broken Conv1d for the sweep's tests: a direct loop that reads tap {@code k} at
 * {@code t*stride + k} instead of {@code t*stride + k*dilation}. Its output has the right shape
 * (taken from the spec), so only its values betray it, and only when dilation and kernel size are
 * both above 1.
 */
public final class DilationIgnoringKernel implements ConvKernel {
  /** Creates the kernel. */
  public DilationIgnoringKernel() {}

  @Override
  public String name() {
    return "ignores-dilation";
  }

  @Override
  public boolean supports(ConvSpec spec) {
    return !spec.transposed();
  }

  @Override
  public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    int[] outShape = spec.checkInput(input);
    boolean batched = input.dim() == 3;
    int batch = batched ? input.size(0) : 1;
    int length = input.size(-1);
    int outLength = outShape[outShape.length - 1];
    int groupIn = spec.inChannels() / spec.groups();
    int groupOut = spec.outChannels() / spec.groups();
    int k = spec.kernelSize();
    double[] x = input.toDoubleArray();
    double[] w = weight.toDoubleArray();
    double[] y = new double[batch * spec.outChannels() * outLength];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < spec.outChannels(); o++) {
        int group = o / groupOut;
        for (int t = 0; t < outLength; t++) {
          double sum = bias == null ? 0 : bias.getFlat(o);
          for (int c = 0; c < groupIn; c++) {
            int channel = group * groupIn + c;
            for (int tap = 0; tap < k; tap++) {
              int position =
                  t * spec.stride() + tap - (int) spec.padLeft(); // the bug: no * dilation
              int source = sourceIndex(spec.paddingMode(), position, length);
              if (source >= 0) {
                sum +=
                    w[(o * groupIn + c) * k + tap]
                        * x[(n * spec.inChannels() + channel) * length + source];
              }
            }
          }
          y[(n * spec.outChannels() + o) * outLength + t] = spec.dtype().round(sum);
        }
      }
    }
    return Tensor.of(spec.dtype(), outShape, y);
  }

  private static int sourceIndex(PaddingMode mode, int position, int length) {
    if (position >= 0 && position < length) {
      return position;
    }
    return switch (mode) {
      case ZEROS -> -1;
      case REFLECT -> position < 0 ? -position : 2 * (length - 1) - position;
      case REPLICATE -> position < 0 ? 0 : length - 1;
      case CIRCULAR -> Math.floorMod(position, length);
    };
  }
}
