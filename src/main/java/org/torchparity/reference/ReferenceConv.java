package org.torchparity.reference;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

/**
 * Pure-Java Conv1d and ConvTranspose1d, written to be obviously correct: every product is
 * accumulated in double and rounded to the layer's dtype once, at the end. It imports nothing from
 * DJL and is the independent witness the engine is checked against.
 *
 * <p>Loops run over output rows {@code (n, o)} in parallel (each row is written by one thread
 * only), and the innermost loop walks the output positions of one row with a fixed input stride,
 * which the JIT vectorises when the stride is 1.
 */
public final class ReferenceConv {
  /** Below this many multiply-adds a call runs on the calling thread. */
  private static final long PARALLEL_THRESHOLD = 1L << 16;

  private ReferenceConv() {}

  /**
   * Runs the forward pass of the layer {@code spec} describes.
   *
   * @param spec the layer's arguments
   * @param input {@code (N, C_in, L)} or {@code (C_in, L)}, of the spec's dtype
   * @param weight the weight, shaped as {@link ConvSpec#weightShape()}
   * @param bias the bias {@code (C_out)}, or {@code null} when the spec has none
   * @return the output, batched exactly when the input is
   * @throws org.torchparity.spec.InvalidArgumentException when a tensor does not fit the spec
   */
  public static Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    return forward(spec, input, weight, bias, spec.outputPadding());
  }

  /**
   * Runs the forward pass with an explicit output padding (ConvTranspose1d's {@code output_size}).
   *
   * @param spec the layer's arguments
   * @param input the input
   * @param weight the weight
   * @param bias the bias, or {@code null}
   * @param outputPadding the output padding to use (ignored for Conv1d)
   * @return the output
   */
  public static Tensor forward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, int outputPadding) {
    checkTensors(spec, input, weight, bias);
    int[] outShape = spec.outputShape(input.shape(), outputPadding);
    Geometry g = Geometry.of(spec, input.shape(), outShape);
    double[] x = input.toDoubleArray();
    double[] w = weight.toDoubleArray();
    double[] b = bias == null ? null : bias.toDoubleArray();
    double[] y = new double[g.batch * g.outChannels * g.outLength];
    if (spec.transposed()) {
      forEachRow(g, r -> transposedRow(g, x, w, b, y, r));
    } else {
      double[] padded = padInput(g, x);
      forEachRow(g, r -> convRow(g, padded, w, b, y, r));
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = spec.dtype().round(y[i]);
    }
    return Tensor.wrap(spec.dtype(), outShape, y);
  }

  static void checkTensors(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    spec.checkDType("input", input.dtype());
    spec.checkWeight(weight);
    spec.checkBias(bias);
  }

  /** Copies the input into rows of length {@code padLeft + L + padRight}, filled per mode. */
  static double[] padInput(Geometry g, double[] x) {
    int[] table =
        PaddingIndex.table(
            g.spec.paddingMode(), g.padLeft, g.inLength, g.paddedLength - g.padLeft - g.inLength);
    int rows = g.batch * g.inChannels;
    double[] padded = new double[rows * g.paddedLength];
    for (int r = 0; r < rows; r++) {
      int src = r * g.inLength;
      int dst = r * g.paddedLength;
      for (int p = 0; p < g.paddedLength; p++) {
        int s = table[p];
        padded[dst + p] = s < 0 ? 0.0 : x[src + s];
      }
    }
    return padded;
  }

  private static void convRow(
      Geometry g, double[] padded, double[] w, double[] b, double[] y, int row) {
    int n = row / g.outChannels;
    int o = row % g.outChannels;
    int group = o / g.outPerGroup;
    int yOff = row * g.outLength;
    double init = b == null ? 0.0 : b[o];
    for (int t = 0; t < g.outLength; t++) {
      y[yOff + t] = init;
    }
    int stride = g.spec.stride();
    for (int ci = 0; ci < g.inPerGroup; ci++) {
      int c = group * g.inPerGroup + ci;
      int xOff = (n * g.inChannels + c) * g.paddedLength;
      int wOff = (o * g.inPerGroup + ci) * g.kernel;
      for (int j = 0; j < g.kernel; j++) {
        double wv = w[wOff + j];
        int base = xOff + j * g.spec.dilation();
        for (int t = 0; t < g.outLength; t++) {
          y[yOff + t] += wv * padded[base + t * stride];
        }
      }
    }
  }

  private static void transposedRow(
      Geometry g, double[] x, double[] w, double[] b, double[] y, int row) {
    int n = row / g.outChannels;
    int o = row % g.outChannels;
    int group = o / g.outPerGroup;
    int ol = o % g.outPerGroup;
    int yOff = row * g.outLength;
    double init = b == null ? 0.0 : b[o];
    for (int t = 0; t < g.outLength; t++) {
      y[yOff + t] = init;
    }
    int stride = g.spec.stride();
    int pad = g.spec.padding().amount();
    for (int il = 0; il < g.inPerGroup; il++) {
      int i = group * g.inPerGroup + il;
      int xOff = (n * g.inChannels + i) * g.inLength;
      int wOff = (i * g.outPerGroup + ol) * g.kernel;
      for (int j = 0; j < g.kernel; j++) {
        double wv = w[wOff + j];
        int shift = j * g.spec.dilation() - pad;
        for (int t = 0; t < g.inLength; t++) {
          int pos = t * stride + shift;
          if (pos >= 0 && pos < g.outLength) {
            y[yOff + pos] += wv * x[xOff + t];
          }
        }
      }
    }
  }

  static void forEachRow(Geometry g, IntConsumer body) {
    int rows = g.batch * g.outChannels;
    long work = (long) rows * g.outLength * g.inPerGroup * g.kernel;
    if (work < PARALLEL_THRESHOLD || rows < 2) {
      for (int r = 0; r < rows; r++) {
        body.accept(r);
      }
    } else {
      IntStream.range(0, rows).parallel().forEach(body);
    }
  }

  /** The sizes one call works with, derived once from the spec and the shapes. */
  static final class Geometry {
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

    private Geometry(ConvSpec spec, int[] inShape, int[] outShape) {
      boolean batched = inShape.length == 3;
      this.spec = spec;
      this.batch = batched ? inShape[0] : 1;
      this.inChannels = spec.inChannels();
      this.outChannels = spec.outChannels();
      this.inPerGroup = spec.inChannels() / spec.groups();
      this.outPerGroup = spec.outChannels() / spec.groups();
      this.kernel = spec.kernelSize();
      this.inLength = inShape[inShape.length - 1];
      this.outLength = outShape[outShape.length - 1];
      this.padLeft = spec.transposed() ? 0 : spec.padLeft();
      this.paddedLength =
          spec.transposed() ? inLength : spec.padLeft() + inLength + spec.padRight();
    }

    static Geometry of(ConvSpec spec, int[] inShape, int[] outShape) {
      return new Geometry(spec, inShape, outShape);
    }
  }
}
