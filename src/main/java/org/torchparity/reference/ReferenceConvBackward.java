package org.torchparity.reference;

import java.util.stream.IntStream;
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
    ReferenceConv.Geometry g = ReferenceConv.Geometry.of(spec, input.shape(), outShape);
    double[] x = input.toDoubleArray();
    double[] w = weight.toDoubleArray();
    double[] dy = gradOutput.toDoubleArray();
    double[] dx = new double[x.length];
    double[] dw = new double[w.length];
    if (spec.transposed()) {
      transposedInputGrad(g, dy, w, dx);
      transposedWeightGrad(g, dy, x, dw);
    } else {
      double[] padded = ReferenceConv.padInput(g, x);
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
    return new Gradients(
        rounded(spec, input.shape(), dx), rounded(spec, weight.shape(), dw), gradBias);
  }

  private static Tensor rounded(ConvSpec spec, int[] shape, double[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = spec.dtype().round(values[i]);
    }
    return Tensor.wrap(spec.dtype(), shape, values);
  }

  /** dxp[n, c, t*s + j*d] += dy[n, o, t] * w[o, ci, j]; each batch item on its own thread. */
  private static void convPaddedInputGrad(
      ReferenceConv.Geometry g, double[] dy, double[] w, double[] dxp) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    IntStream.range(0, g.batch)
        .parallel()
        .forEach(
            n -> {
              for (int o = 0; o < g.outChannels; o++) {
                int group = o / g.outPerGroup;
                int dyOff = (n * g.outChannels + o) * g.outLength;
                for (int ci = 0; ci < g.inPerGroup; ci++) {
                  int c = group * g.inPerGroup + ci;
                  int xOff = (n * g.inChannels + c) * g.paddedLength;
                  int wOff = (o * g.inPerGroup + ci) * g.kernel;
                  for (int j = 0; j < g.kernel; j++) {
                    double wv = w[wOff + j];
                    int base = xOff + j * dilation;
                    for (int t = 0; t < g.outLength; t++) {
                      dxp[base + t * stride] += dy[dyOff + t] * wv;
                    }
                  }
                }
              }
            });
  }

  /** Adds each padded position's gradient to the input position it was read from. */
  private static void fold(ReferenceConv.Geometry g, double[] dxp, double[] dx) {
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

  /** dw[o, ci, j] = sum over n, t of dy[n, o, t] * xp[n, c, t*s + j*d]; one thread per o. */
  private static void convWeightGrad(
      ReferenceConv.Geometry g, double[] dy, double[] padded, double[] dw) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    IntStream.range(0, g.outChannels)
        .parallel()
        .forEach(
            o -> {
              int group = o / g.outPerGroup;
              for (int ci = 0; ci < g.inPerGroup; ci++) {
                int c = group * g.inPerGroup + ci;
                for (int j = 0; j < g.kernel; j++) {
                  double sum = 0;
                  for (int n = 0; n < g.batch; n++) {
                    int dyOff = (n * g.outChannels + o) * g.outLength;
                    int base = (n * g.inChannels + c) * g.paddedLength + j * dilation;
                    for (int t = 0; t < g.outLength; t++) {
                      sum += dy[dyOff + t] * padded[base + t * stride];
                    }
                  }
                  dw[(o * g.inPerGroup + ci) * g.kernel + j] = sum;
                }
              }
            });
  }

  /** dx[n, i, t] = sum over ol, j of dy[n, o, t*s - p + j*d] * w[i, ol, j]. */
  private static void transposedInputGrad(
      ReferenceConv.Geometry g, double[] dy, double[] w, double[] dx) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    int pad = g.spec.padding().amount();
    IntStream.range(0, g.batch * g.inChannels)
        .parallel()
        .forEach(
            row -> {
              int n = row / g.inChannels;
              int i = row % g.inChannels;
              int group = i / g.inPerGroup;
              for (int ol = 0; ol < g.outPerGroup; ol++) {
                int o = group * g.outPerGroup + ol;
                int dyOff = (n * g.outChannels + o) * g.outLength;
                int wOff = (i * g.outPerGroup + ol) * g.kernel;
                for (int j = 0; j < g.kernel; j++) {
                  double wv = w[wOff + j];
                  int shift = j * dilation - pad;
                  for (int t = 0; t < g.inLength; t++) {
                    int pos = t * stride + shift;
                    if (pos >= 0 && pos < g.outLength) {
                      dx[row * g.inLength + t] += dy[dyOff + pos] * wv;
                    }
                  }
                }
              }
            });
  }

  /** dw[i, ol, j] = sum over n, t of x[n, i, t] * dy[n, o, t*s - p + j*d]; one thread per i. */
  private static void transposedWeightGrad(
      ReferenceConv.Geometry g, double[] dy, double[] x, double[] dw) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    int pad = g.spec.padding().amount();
    IntStream.range(0, g.inChannels)
        .parallel()
        .forEach(
            i -> {
              int group = i / g.inPerGroup;
              for (int ol = 0; ol < g.outPerGroup; ol++) {
                int o = group * g.outPerGroup + ol;
                for (int j = 0; j < g.kernel; j++) {
                  int shift = j * dilation - pad;
                  double sum = 0;
                  for (int n = 0; n < g.batch; n++) {
                    int xOff = (n * g.inChannels + i) * g.inLength;
                    int dyOff = (n * g.outChannels + o) * g.outLength;
                    for (int t = 0; t < g.inLength; t++) {
                      int pos = t * stride + shift;
                      if (pos >= 0 && pos < g.outLength) {
                        sum += x[xOff + t] * dy[dyOff + pos];
                      }
                    }
                  }
                  dw[(i * g.outPerGroup + ol) * g.kernel + j] = sum;
                }
              }
            });
  }
}
