package org.torchparity.reference;

import org.torchparity.reference.ReferenceConv.Blocks;
import org.torchparity.reference.ReferenceConv.Geometry;
import org.torchparity.reference.ReferenceConv.Scratch;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
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
 * dy[n,o,t*s - p + j*d]} over positions inside the output.
 *
 * <p>Each sum runs in a fixed order (output channel, then tap, for the input gradients; batch, then
 * position, for the weight gradients), the order of the plain loop nest, and a test keeps the
 * results bit-identical to it. Around that: the input gradients use {@link ReferenceConv}'s tiles,
 * copied windows and vectorised {@code axpy}, in parallel over batch items and channel blocks; the
 * weight gradients run four taps' sums side by side (independent chains the CPU overlaps), in
 * parallel over weight rows.
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
    double[] dx = new double[input.numel()];
    double[] dw = new double[w.length];
    if (spec.transposed()) {
      double[] x = input.toDoubleArray();
      transposedInputGrad(g, dy, w, dx);
      transposedWeightGrad(g, dy, x, dw);
    } else {
      double[] padded = ReferenceConv.padInput(g, input);
      double[] dxp = new double[padded.length];
      convPaddedInputGrad(g, dy, w, dxp);
      fold(g, dxp, dx);
      convWeightGrad(g, dy, padded, dw);
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
   * {@code dxp[n, c, p] = sum over o of the group, then j, of dy[n, o, t] * w[o, ci, j]} where
   * {@code p = t*s + j*d}; tasks are (batch item, block of input channels), tiles run over {@code
   * p}.
   */
  private static void convPaddedInputGrad(Geometry g, double[] dy, double[] w, double[] dxp) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    int blocks = Blocks.count(g.inPerGroup);
    ReferenceConv.forEachTask(
        g.batch * g.groups * blocks,
        g.work(),
        task -> {
          int n = task / (g.groups * blocks);
          int rest = task % (g.groups * blocks);
          int group = rest / blocks;
          int firstCi = Blocks.start(rest % blocks);
          int count = Blocks.size(rest % blocks, g.inPerGroup);
          Scratch s = new Scratch(count);
          for (int p0 = 0; p0 < g.paddedLength; p0 += ReferenceConv.TILE) {
            int len = Math.min(ReferenceConv.TILE, g.paddedLength - p0);
            for (int k = 0; k < count; k++) {
              java.util.Arrays.fill(s.acc[k], 0, len, 0.0);
            }
            for (int ol = 0; ol < g.outPerGroup; ol++) {
              int o = group * g.outPerGroup + ol;
              int row = (n * g.outChannels + o) * g.outLength;
              for (int j = 0; j < g.kernel; j++) {
                int shift = j * dilation; // p = t*s + shift
                int tLo = Math.max(0, Math.floorDiv(p0 - shift + stride - 1, stride));
                int tHi =
                    Math.min(g.outLength, Math.floorDiv(p0 + len - shift + stride - 1, stride));
                if (tLo >= tHi) {
                  continue;
                }
                int wRow = o * g.inPerGroup + firstCi;
                if (stride == 1) {
                  int qLo = tLo + shift - p0;
                  System.arraycopy(dy, row + tLo, s.window, qLo, tHi - tLo);
                  for (int k = 0; k < count; k++) {
                    ReferenceConv.axpy(
                        s.acc[k], w[(wRow + k) * g.kernel + j], s.window, qLo, qLo + tHi - tLo);
                  }
                } else {
                  for (int k = 0; k < count; k++) {
                    double wv = w[(wRow + k) * g.kernel + j];
                    double[] acc = s.acc[k];
                    for (int t = tLo; t < tHi; t++) {
                      acc[t * stride + shift - p0] += wv * dy[row + t];
                    }
                  }
                }
              }
            }
            for (int k = 0; k < count; k++) {
              int c = group * g.inPerGroup + firstCi + k;
              System.arraycopy(s.acc[k], 0, dxp, (n * g.inChannels + c) * g.paddedLength + p0, len);
            }
          }
        });
  }

  /** Adds each padded position's gradient to the input position it was read from. */
  private static void fold(Geometry g, double[] dxp, double[] dx) {
    int[] table =
        PaddingIndex.table(
            g.spec.paddingMode(), g.padLeft, g.inLength, g.paddedLength - g.padLeft - g.inLength);
    int rows = g.batch * g.inChannels;
    for (int r = 0; r < rows; r++) {
      for (int p = 0; p < g.paddedLength; p++) {
        int source = table[p];
        if (source >= 0) {
          dx[r * g.inLength + source] += dxp[r * g.paddedLength + p];
        }
      }
    }
  }

  /**
   * {@code dw[o, ci, j] = sum over n, then t, of dy[n, o, t] * xp[n, c, t*s + j*d]}; one task per
   * weight row {@code (o, ci)}, four taps summed side by side.
   */
  private static void convWeightGrad(Geometry g, double[] dy, double[] padded, double[] dw) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    ReferenceConv.forEachTask(
        g.outChannels * g.inPerGroup,
        g.work(),
        task -> {
          int o = task / g.inPerGroup;
          int ci = task % g.inPerGroup;
          int c = (o / g.outPerGroup) * g.inPerGroup + ci;
          for (int j = 0; j < g.kernel; j += 4) {
            int taps = Math.min(4, g.kernel - j);
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int n = 0; n < g.batch; n++) {
              int dyRow = (n * g.outChannels + o) * g.outLength;
              int x0 = (n * g.inChannels + c) * g.paddedLength + j * dilation;
              if (taps == 4) {
                int x1 = x0 + dilation;
                int x2 = x1 + dilation;
                int x3 = x2 + dilation;
                for (int t = 0; t < g.outLength; t++) {
                  double d = dy[dyRow + t];
                  s0 += d * padded[x0 + t * stride];
                  s1 += d * padded[x1 + t * stride];
                  s2 += d * padded[x2 + t * stride];
                  s3 += d * padded[x3 + t * stride];
                }
              } else if (taps == 3) {
                int x1 = x0 + dilation;
                int x2 = x1 + dilation;
                for (int t = 0; t < g.outLength; t++) {
                  double d = dy[dyRow + t];
                  s0 += d * padded[x0 + t * stride];
                  s1 += d * padded[x1 + t * stride];
                  s2 += d * padded[x2 + t * stride];
                }
              } else if (taps == 2) {
                int x1 = x0 + dilation;
                for (int t = 0; t < g.outLength; t++) {
                  double d = dy[dyRow + t];
                  s0 += d * padded[x0 + t * stride];
                  s1 += d * padded[x1 + t * stride];
                }
              } else {
                for (int t = 0; t < g.outLength; t++) {
                  s0 += dy[dyRow + t] * padded[x0 + t * stride];
                }
              }
            }
            int at = (o * g.inPerGroup + ci) * g.kernel + j;
            double[] sums = {s0, s1, s2, s3};
            System.arraycopy(sums, 0, dw, at, taps);
          }
        });
  }

  /**
   * {@code dx[n, i, t] = sum over ol, then j, of dy[n, o, t*s - p + j*d] * w[i, ol, j]} over
   * positions inside the output; tasks are (batch item, block of input channels).
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
                int shift = j * dilation - pad; // reads dy at t*s + shift, inside [0, L_out)
                int tLo = Math.max(t0, Math.floorDiv(-shift + stride - 1, stride));
                int tHi =
                    Math.min(t0 + len, Math.floorDiv(g.outLength - shift + stride - 1, stride));
                if (tLo >= tHi) {
                  continue;
                }
                ReferenceConv.gather(
                    dy, row + t0 * stride + shift, stride, s.window, tLo - t0, tHi - t0);
                for (int k = 0; k < count; k++) {
                  double wv = w[((first + k) * g.outPerGroup + ol) * g.kernel + j];
                  ReferenceConv.axpy(s.acc[k], wv, s.window, tLo - t0, tHi - t0);
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
   * {@code dw[i, ol, j] = sum over n, then t, of x[n, i, t] * dy[n, o, t*s - p + j*d]} over
   * positions inside the output; one task per weight row {@code (i, ol)}.
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
            int shift = j * dilation - pad;
            int tLo = Math.max(0, Math.floorDiv(-shift + stride - 1, stride));
            int tHi = Math.min(g.inLength, Math.floorDiv(g.outLength - shift + stride - 1, stride));
            double sum = 0;
            for (int n = 0; n < g.batch; n++) {
              int xRow = (n * g.inChannels + i) * g.inLength;
              int dyRow = (n * g.outChannels + o) * g.outLength + shift;
              for (int t = tLo; t < tHi; t++) {
                sum += x[xRow + t] * dy[dyRow + t * stride];
              }
            }
            dw[(i * g.outPerGroup + ol) * g.kernel + j] = sum;
          }
        });
  }
}
