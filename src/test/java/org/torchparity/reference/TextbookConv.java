package org.torchparity.reference;

import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * The reference as it was first written: one loop nest per formula, single-threaded, no tiling. The
 * fast reference must agree with it bit for bit (the same products summed in the same order), which
 * is what keeps the fast one "obviously correct". It builds the padded input whole (so it serves
 * small shapes only) and forms the products PyTorch's CPU formulas form: Conv1d's taps meet the
 * zero padding in the forward pass and grad_weight, ConvTranspose1d's gradients read grad_output
 * zero-padded (see {@link ReferenceConvBackward}).
 */
final class TextbookConv {
  private TextbookConv() {}

  static Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias, int outPad) {
    int[] outShape = spec.outputShape(input.shape(), outPad);
    Dims g = new Dims(spec, input.shape(), outShape);
    double[] x = input.toDoubleArray();
    double[] w = weight.toDoubleArray();
    double[] b = bias == null ? null : bias.toDoubleArray();
    double[] y = new double[g.batch * g.outChannels * g.outLength];
    int s = spec.stride();
    int d = spec.dilation();
    for (int n = 0; n < g.batch; n++) {
      for (int o = 0; o < g.outChannels; o++) {
        int yOff = (n * g.outChannels + o) * g.outLength;
        for (int t = 0; t < g.outLength; t++) {
          y[yOff + t] = b == null ? 0.0 : b[o];
        }
        int group = o / g.outPerGroup;
        if (!spec.transposed()) {
          double[] xp = padded(g, x);
          for (int ci = 0; ci < g.inPerGroup; ci++) {
            int c = group * g.inPerGroup + ci;
            for (int j = 0; j < g.kernel; j++) {
              double wv = w[(o * g.inPerGroup + ci) * g.kernel + j];
              for (int t = 0; t < g.outLength; t++) {
                y[yOff + t] += wv * xp[(n * g.inChannels + c) * g.paddedLength + t * s + j * d];
              }
            }
          }
        } else {
          int ol = o % g.outPerGroup;
          int pad = spec.padding().amount();
          for (int il = 0; il < g.inPerGroup; il++) {
            int i = group * g.inPerGroup + il;
            for (int j = 0; j < g.kernel; j++) {
              double wv = w[(i * g.outPerGroup + ol) * g.kernel + j];
              for (int t = 0; t < g.inLength; t++) {
                int pos = t * s + j * d - pad;
                if (pos >= 0 && pos < g.outLength) {
                  y[yOff + pos] += wv * x[(n * g.inChannels + i) * g.inLength + t];
                }
              }
            }
          }
        }
      }
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = spec.dtype().round(y[i]);
    }
    return Tensor.of(spec.dtype(), outShape, y);
  }

  static Gradients backward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, Tensor gradOutput) {
    Dims g = new Dims(spec, input.shape(), gradOutput.shape());
    double[] x = input.toDoubleArray();
    double[] w = weight.toDoubleArray();
    double[] dy = gradOutput.toDoubleArray();
    double[] dx = new double[x.length];
    double[] dw = new double[w.length];
    int s = spec.stride();
    int d = spec.dilation();
    if (!spec.transposed()) {
      double[] xp = padded(g, x);
      double[] dxp = new double[xp.length];
      for (int n = 0; n < g.batch; n++) {
        for (int o = 0; o < g.outChannels; o++) {
          int group = o / g.outPerGroup;
          for (int ci = 0; ci < g.inPerGroup; ci++) {
            int c = group * g.inPerGroup + ci;
            for (int j = 0; j < g.kernel; j++) {
              double wv = w[(o * g.inPerGroup + ci) * g.kernel + j];
              for (int t = 0; t < g.outLength; t++) {
                dxp[(n * g.inChannels + c) * g.paddedLength + t * s + j * d] +=
                    dy[(n * g.outChannels + o) * g.outLength + t] * wv;
              }
            }
          }
        }
      }
      for (int r = 0; r < g.batch * g.inChannels; r++) {
        for (int p = 0; p < g.paddedLength; p++) {
          int source = PaddingIndex.source(spec.paddingMode(), p, g.padLeft, g.inLength);
          if (source >= 0) {
            dx[r * g.inLength + source] += dxp[r * g.paddedLength + p];
          }
        }
      }
      for (int o = 0; o < g.outChannels; o++) {
        int group = o / g.outPerGroup;
        for (int ci = 0; ci < g.inPerGroup; ci++) {
          int c = group * g.inPerGroup + ci;
          for (int j = 0; j < g.kernel; j++) {
            double sum = 0;
            for (int n = 0; n < g.batch; n++) {
              for (int t = 0; t < g.outLength; t++) {
                sum +=
                    dy[(n * g.outChannels + o) * g.outLength + t]
                        * xp[(n * g.inChannels + c) * g.paddedLength + t * s + j * d];
              }
            }
            dw[(o * g.inPerGroup + ci) * g.kernel + j] = sum;
          }
        }
      }
    } else {
      int pad = spec.padding().amount();
      for (int n = 0; n < g.batch; n++) {
        for (int i = 0; i < g.inChannels; i++) {
          int group = i / g.inPerGroup;
          for (int ol = 0; ol < g.outPerGroup; ol++) {
            int o = group * g.outPerGroup + ol;
            for (int j = 0; j < g.kernel; j++) {
              double wv = w[(i * g.outPerGroup + ol) * g.kernel + j];
              for (int t = 0; t < g.inLength; t++) {
                int pos = t * s + j * d - pad;
                // grad_output zero-padded: outside the output the product is w * 0 (PyTorch's
                // dense formula forms it, and inf * 0 is nan)
                double dyv =
                    pos >= 0 && pos < g.outLength
                        ? dy[(n * g.outChannels + o) * g.outLength + pos]
                        : 0.0;
                dx[(n * g.inChannels + i) * g.inLength + t] += dyv * wv;
              }
            }
          }
        }
      }
      for (int i = 0; i < g.inChannels; i++) {
        int group = i / g.inPerGroup;
        for (int ol = 0; ol < g.outPerGroup; ol++) {
          int o = group * g.outPerGroup + ol;
          for (int j = 0; j < g.kernel; j++) {
            double sum = 0;
            for (int n = 0; n < g.batch; n++) {
              for (int t = 0; t < g.inLength; t++) {
                int pos = t * s + j * d - pad;
                double dyv =
                    pos >= 0 && pos < g.outLength
                        ? dy[(n * g.outChannels + o) * g.outLength + pos]
                        : 0.0;
                sum += x[(n * g.inChannels + i) * g.inLength + t] * dyv;
              }
            }
            dw[(i * g.outPerGroup + ol) * g.kernel + j] = sum;
          }
        }
      }
    }
    Tensor gradBias = null;
    if (bias != null) {
      double[] db = new double[g.outChannels];
      for (int n = 0; n < g.batch; n++) {
        for (int o = 0; o < g.outChannels; o++) {
          for (int t = 0; t < g.outLength; t++) {
            db[o] += dy[(n * g.outChannels + o) * g.outLength + t];
          }
        }
      }
      gradBias = round(spec, bias.shape(), db);
    }
    return Gradients.ofConv(
        round(spec, input.shape(), dx), round(spec, weight.shape(), dw), gradBias);
  }

  private static Tensor round(ConvSpec spec, int[] shape, double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = spec.dtype().round(v[i]);
    }
    return Tensor.of(spec.dtype(), shape, v);
  }

  private static double[] padded(Dims g, double[] x) {
    double[] xp = new double[g.batch * g.inChannels * g.paddedLength];
    for (int r = 0; r < g.batch * g.inChannels; r++) {
      for (int p = 0; p < g.paddedLength; p++) {
        int source = PaddingIndex.source(g.spec.paddingMode(), p, g.padLeft, g.inLength);
        xp[r * g.paddedLength + p] = source < 0 ? 0.0 : x[r * g.inLength + source];
      }
    }
    return xp;
  }

  /** Sizes, as the reference derives them. */
  private static final class Dims {
    final ConvSpec spec;
    final int batch;
    final int inChannels;
    final int outChannels;
    final int inPerGroup;
    final int outPerGroup;
    final int kernel;
    final int inLength;
    final int outLength;
    final int padLeft;
    final int paddedLength;

    Dims(ConvSpec spec, int[] inShape, int[] outShape) {
      this.spec = spec;
      batch = inShape.length == 3 ? inShape[0] : 1;
      inChannels = spec.inChannels();
      outChannels = spec.outChannels();
      inPerGroup = inChannels / spec.groups();
      outPerGroup = outChannels / spec.groups();
      kernel = spec.kernelSize();
      inLength = inShape[inShape.length - 1];
      outLength = outShape[outShape.length - 1];
      padLeft = spec.transposed() ? 0 : Math.toIntExact(spec.padLeft());
      paddedLength =
          spec.transposed()
              ? inLength
              : Math.toIntExact(spec.padLeft() + inLength + spec.padRight());
    }
  }
}
