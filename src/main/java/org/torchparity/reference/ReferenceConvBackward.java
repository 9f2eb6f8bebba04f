package org.torchparity.reference;

import org.torchparity.reference.ReferenceConv.Blocks;
import org.torchparity.reference.ReferenceConv.Geometry;
import org.torchparity.reference.ReferenceConv.Scratch;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/**
 * Pure-Java backward passes of Conv1d and ConvTranspose1d for every option, accumulated in double.
 *
 * <p>Conv1d reads {@code y[n,o,t] = b[o] + sum w[o,ci,j] * xp[n,c,t*s + j*d]} from the padded input
 * {@code xp}, so {@code dxp[n,c,t*s + j*d] += dy[n,o,t] * w[o,ci,j]}, {@code dw[o,ci,j] +=
 * dy[n,o,t] * xp[n,c,t*s + j*d]} and {@code db[o] = sum dy[n,o,t]}. The padded gradient then folds
 * back onto the input through the padding mode's index map: a reflected, replicated or wrapped
 * position adds its gradient to the input position it was read from; a zero position drops it.
 *
 * <p>ConvTranspose1d writes {@code y[n,o,t*s - p + j*d] += x[n,i,t] * w[i,ol,j]}, so {@code
 * dx[n,i,t] = sum dy[n,o,t*s - p + j*d] * w[i,ol,j]} and {@code dw[i,ol,j] = sum x[n,i,t] *
 * dy[n,o,t*s - p + j*d]}.
 *
 * <p><b>Which products are formed</b> (where a {@code nan} or {@code inf} reaches), as PyTorch's
 * CPU formulas form them, found by experiment with PyTorch 1.13 ({@code
 * parity-tests/nonfinite_probe.py}; the same on libtorch 2.7.1 except where oneDNN runs):
 *
 * <ul>
 *   <li>Conv1d grad_input is a scatter: {@code dy[t] * w[j]} for every output position and tap,
 *       dropped where it lands in the padding; nothing is formed between the positions a stride
 *       skips.
 *   <li>Conv1d grad_weight multiplies every {@code dy[t]} by every tap's padded input, zero padding
 *       included ({@code nan * 0}).
 *   <li>ConvTranspose1d grad_input and grad_weight read grad_output zero-padded by {@code padding}
 *       on both sides: every pair of input position and tap forms its product, {@code w * 0} or
 *       {@code x * 0} where the position falls outside the output. So a {@code nan} in {@code x}
 *       reaches every tap of grad_weight, even one whose every product lands in the padding.
 * </ul>
 *
 * <p>A product with a zero padding value is exactly {@code 0} for finite factors, and adding it
 * changes no sum (sums start at {@code +0.0}, which {@code -0.0} does not flip), so on finite
 * inputs these formulas equal the sparse ones bit for bit.
 *
 * <p>Each sum runs in a fixed order (output channel, then tap, for the input gradients; batch, then
 * position, for the weight gradients), the order of the plain loop nest, and a test keeps the
 * results bit-identical to it. Around that: the input gradients use {@link ReferenceConv}'s tiles,
 * copied windows and vectorised {@code axpy}, in parallel over batch items and channel blocks; the
 * weight gradients run four taps' sums side by side (independent chains the CPU overlaps), in
 * parallel over weight rows, a tile of positions at a time. Memory is proportional to the tensors:
 * the padded input and its gradient are never built.
 */
public final class ReferenceConvBackward {
  private ReferenceConvBackward() {}

  /**
   * Computes the gradients of the layer {@code spec} describes.
   *
   * @param spec the layer's arguments
   * @param input the forward input
   * @param weight the weight
   * @param bias the bias or {@code null}
   * @param gradOutput the gradient with respect to the output, shaped like the output
   * @return the gradients
   * @throws InvalidArgumentException when a tensor does not fit the spec
   */
  public static Gradients backward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, Tensor gradOutput) {
    ReferenceConv.checkTensors(spec, input, weight, bias);
    spec.checkGradOutput(input.shape(), gradOutput);
    int[] outShape = gradOutput.shape();
    Geometry g = Geometry.of(spec, input.shape(), outShape);
    double[] w = weight.toDoubleArray();
    double[] dy = gradOutput.toDoubleArray();
    double[] x = input.toDoubleArray();
    double[] dx = new double[x.length];
    double[] dw = new double[w.length];
    if (spec.transposed()) {
      transposedInputGrad(g, dy, w, dx);
      transposedWeightGrad(g, dy, x, dw);
    } else {
      ConvInputGrad.compute(g, dy, w, dx);
      convWeightGrad(g, dy, x, dw);
    }
    Tensor gradBias = null;
    if (bias != null) {
      double[] db = new double[spec.outChannels()];
      for (int n = 0; n < g.batch; n++) {
        for (int o = 0; o < g.outChannels; o++) {
          int off = (n * g.outChannels + o) * g.outLength;
          for (int t = 0; t < g.outLength; t++) {
            db[o] += dy[off + t];
          }
        }
      }
      gradBias = rounded(spec, bias.shape(), db);
    }
    return Gradients.ofConv(
        rounded(spec, input.shape(), dx), rounded(spec, weight.shape(), dw), gradBias);
  }

  private static Tensor rounded(ConvSpec spec, int[] shape, double[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = spec.dtype().round(values[i]);
    }
    return Tensor.of(spec.dtype(), shape, values);
  }

  /**
   * {@code dw[o, ci, j] = sum over n, then t, of dy[n, o, t] * xp[n, c, t*s + j*d]} over every
   * output position {@code t}, {@code xp} read through the padding mode (zeros included); one task
   * per weight row {@code (o, ci)}, four taps summed side by side, a tile of positions at a time.
   */
  private static void convWeightGrad(Geometry g, double[] dy, double[] x, double[] dw) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    ReferenceConv.forEachTask(
        g.outChannels * g.inPerGroup,
        g.work(),
        task -> {
          int o = task / g.inPerGroup;
          int ci = task % g.inPerGroup;
          int c = (o / g.outPerGroup) * g.inPerGroup + ci;
          TapReader[] taps = {new TapReader(), new TapReader(), new TapReader(), new TapReader()};
          for (int j = 0; j < g.kernel; j += 4) {
            int count = Math.min(4, g.kernel - j);
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int n = 0; n < g.batch; n++) {
              int dyRow = (n * g.outChannels + o) * g.outLength;
              int xRow = (n * g.inChannels + c) * g.inLength;
              for (int t0 = 0; t0 < g.outLength; t0 += ReferenceConv.TILE) {
                int len = Math.min(ReferenceConv.TILE, g.outLength - t0);
                for (int m = 0; m < count; m++) {
                  taps[m].read(g, x, xRow, (long) t0 * stride + (long) (j + m) * dilation, len);
                }
                int d0 = dyRow + t0;
                if (count == 4) {
                  double[] a0 = taps[0].array;
                  double[] a1 = taps[1].array;
                  double[] a2 = taps[2].array;
                  double[] a3 = taps[3].array;
                  int b0 = taps[0].base;
                  int b1 = taps[1].base;
                  int b2 = taps[2].base;
                  int b3 = taps[3].base;
                  int st0 = taps[0].step;
                  int st1 = taps[1].step;
                  int st2 = taps[2].step;
                  int st3 = taps[3].step;
                  for (int t = 0; t < len; t++) {
                    double d = dy[d0 + t];
                    s0 += d * a0[b0 + t * st0];
                    s1 += d * a1[b1 + t * st1];
                    s2 += d * a2[b2 + t * st2];
                    s3 += d * a3[b3 + t * st3];
                  }
                } else {
                  for (int t = 0; t < len; t++) {
                    double d = dy[d0 + t];
                    s0 += d * taps[0].at(t);
                    if (count > 1) {
                      s1 += d * taps[1].at(t);
                    }
                    if (count > 2) {
                      s2 += d * taps[2].at(t);
                    }
                  }
                }
              }
            }
            int at = (o * g.inPerGroup + ci) * g.kernel + j;
            double[] sums = {s0, s1, s2, s3};
            System.arraycopy(sums, 0, dw, at, count);
          }
        });
  }

  /**
   * One tap's tile of the padded input, {@code xp[start + t*s]} for {@code t} in {@code [0, len)}:
   * read straight from the input when the whole tile lies inside it, else gathered (padding
   * included) into a window of its own.
   */
  private static final class TapReader {
    private final double[] window = new double[ReferenceConv.TILE];
    double[] array;
    int base;
    int step;

    void read(Geometry g, double[] x, int row, long start, int len) {
      int stride = g.spec.stride();
      long first = start - g.padLeft;
      long last = first + (long) (len - 1) * stride;
      if (first >= 0 && last < g.inLength) {
        array = x;
        base = row + (int) first;
        step = stride;
      } else {
        PaddingIndex.gather(
            x, row, g.inLength, g.padLeft, g.spec.paddingMode(), start, stride, window, 0, len);
        array = window;
        base = 0;
        step = 1;
      }
    }

    double at(int t) {
      return array[base + t * step];
    }
  }

  /**
   * {@code dx[n, i, t] = sum over ol, then j, of dy[n, o, t*s - p + j*d] * w[i, ol, j]} over every
   * input position and tap, grad_output read as zero outside the output (PyTorch's dense formula: a
   * non-finite weight meets those zeros); tasks are (batch item, block of input channels).
   */
  private static void transposedInputGrad(Geometry g, double[] dy, double[] w, double[] dx) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    int pad = g.spec.padding().amount();
    int blocks = Blocks.count(g.inPerGroup);
    ReferenceConv.forEachTask(
        g.batch * g.groups * blocks,
        g.work(),
        task -> {
          int n = task / (g.groups * blocks);
          int rest = task % (g.groups * blocks);
          int group = rest / blocks;
          int first = group * g.inPerGroup + Blocks.start(rest % blocks);
          int count = Blocks.size(rest % blocks, g.inPerGroup);
          Scratch s = new Scratch(count);
          for (int t0 = 0; t0 < g.inLength; t0 += ReferenceConv.TILE) {
            int len = Math.min(ReferenceConv.TILE, g.inLength - t0);
            for (int k = 0; k < count; k++) {
              java.util.Arrays.fill(s.acc[k], 0, len, 0.0);
            }
            for (int ol = 0; ol < g.outPerGroup; ol++) {
              int o = group * g.outPerGroup + ol;
              int row = (n * g.outChannels + o) * g.outLength;
              for (int j = 0; j < g.kernel; j++) {
                // reads dy at t*s + j*d - pad: grad_output zero-padded by pad on the left
                long start = (long) t0 * stride + (long) j * dilation;
                PaddingIndex.gather(
                    dy, row, g.outLength, pad, PaddingMode.ZEROS, start, stride, s.window, 0, len);
                for (int k = 0; k < count; k++) {
                  double wv = w[((first + k) * g.outPerGroup + ol) * g.kernel + j];
                  ReferenceConv.axpy(s.acc[k], wv, s.window, 0, len);
                }
              }
            }
            for (int k = 0; k < count; k++) {
              System.arraycopy(
                  s.acc[k], 0, dx, (n * g.inChannels + first + k) * g.inLength + t0, len);
            }
          }
        });
  }

  /**
   * {@code dw[i, ol, j] = sum over n, then t, of x[n, i, t] * dy[n, o, t*s - p + j*d]} over every
   * input position, grad_output read as zero outside the output ({@code x * 0}, so a {@code nan}
   * input reaches every tap, as in PyTorch); one task per weight row {@code (i, ol)}.
   */
  private static void transposedWeightGrad(Geometry g, double[] dy, double[] x, double[] dw) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    int pad = g.spec.padding().amount();
    ReferenceConv.forEachTask(
        g.inChannels * g.outPerGroup,
        g.work(),
        task -> {
          int i = task / g.outPerGroup;
          int ol = task % g.outPerGroup;
          int o = (i / g.inPerGroup) * g.outPerGroup + ol;
          for (int j = 0; j < g.kernel; j++) {
            long shift = (long) j * dilation - pad;
            // t with 0 <= t*s + shift < L_out read grad_output; the others read its zero padding
            int tLo = (int) Math.min(g.inLength, Math.max(0, PaddingIndex.ceilDiv(-shift, stride)));
            int tHi =
                (int)
                    Math.max(
                        tLo,
                        Math.min(g.inLength, PaddingIndex.ceilDiv(g.outLength - shift, stride)));
            double sum = 0;
            for (int n = 0; n < g.batch; n++) {
              int xRow = (n * g.inChannels + i) * g.inLength;
              for (int t = 0; t < tLo; t++) {
                sum += x[xRow + t] * 0.0;
              }
              long dyAt = (long) (n * g.outChannels + o) * g.outLength + shift;
              for (int t = tLo; t < tHi; t++) {
                sum += x[xRow + t] * dy[(int) (dyAt + (long) t * stride)];
              }
              for (int t = tHi; t < g.inLength; t++) {
                sum += x[xRow + t] * 0.0;
              }
            }
            dw[(i * g.outPerGroup + ol) * g.kernel + j] = sum;
          }
        });
  }
}
