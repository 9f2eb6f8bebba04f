package org.torchparity.reference;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Pure-Java Conv1d and ConvTranspose1d, written to be obviously correct: every product is
 * accumulated in double and rounded to the layer's dtype once, at the end. It imports nothing from
 * DJL and is the independent witness the engine is checked against.
 *
 * <p>The arithmetic is the textbook sum, in a fixed order: each output starts from its bias and
 * adds {@code w * x} over input channels, then kernel taps. Only the loop order around it is chosen
 * for speed (and the results are bit-identical to the plain loop nest, which a test keeps):
 *
 * <ul>
 *   <li><b>Tasks:</b> one per batch item and block of up to {@link #BLOCK} output channels of one
 *       group, run in parallel; each task writes its own output rows only.
 *   <li><b>Tiles:</b> a task walks its rows in tiles of {@link #TILE} positions, so that its
 *       accumulators stay in the L1 cache.
 *   <li><b>Vectorised inner loop:</b> for each (input channel, tap) the input window is first
 *       copied into a scratch array indexed like the accumulators; the product loop {@code acc[t]
 *       += w * xs[t]} then uses one index for both arrays, which is the form the JIT's
 *       auto-vectoriser accepts (it refuses {@code acc[t] += w * x[base + t]}, since the two arrays
 *       might be one). The copy is shared by the block's output channels.
 * </ul>
 *
 * <p><b>Which products are formed</b>, which decides where a {@code nan} or an {@code inf} reaches
 * (0 * inf is nan): those of PyTorch's CPU formulas, found by experiment with PyTorch 1.13 ({@code
 * parity-tests/nonfinite_probe.py}). Conv1d multiplies every tap by the padded input, zero padding
 * included (a {@code nan} weight makes every output it touches {@code nan}, even where it meets
 * only padding). ConvTranspose1d scatters {@code x[t] * w[j]} to {@code t*s + j*d - padding} and
 * drops what lands outside the output; nothing is multiplied by the zeros that a zero-stuffing
 * formulation would put between samples. (PyTorch's oneDNN kernels, which libtorch picks for some
 * float32 shapes, skip the zero padding instead; the reference keeps the dense formula of its other
 * CPU paths.)
 *
 * <p><b>Memory</b> is proportional to the input, the output and the weight: the padded input is
 * never built (positions are mapped by {@link PaddingIndex}), so a padding of {@code 2^30} costs
 * nothing when the output is short. An output of more than {@link Geometry#MAX_ARRAY} elements is
 * refused, naming {@code input}.
 */
public final class ReferenceConv {
  /** Below this many multiply-adds a call runs on the calling thread. */
  private static final long PARALLEL_THRESHOLD = 1L << 16;

  /** Output positions per tile. */
  static final int TILE = 1024;

  /** Output channels per task, sharing each copied input window. */
  static final int BLOCK = 8;

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
    double[] y = new double[g.outputSize()];
    if (y.length == 0) {
      return Tensor.of(spec.dtype(), outShape, y);
    }
    double[] w = weight.toDoubleArray();
    double[] b = bias == null ? null : bias.toDoubleArray();
    // Both kinds read the input as it is: Conv1d through the padding mode's index arithmetic.
    double[] x = input.toDoubleArray();
    int blocks = Blocks.count(g.outPerGroup);
    forEachTask(
        g.batch * g.groups * blocks,
        g.work(),
        task -> {
          int n = task / (g.groups * blocks);
          int rest = task % (g.groups * blocks);
          int group = rest / blocks;
          int first = group * g.outPerGroup + Blocks.start(rest % blocks);
          int count = Blocks.size(rest % blocks, g.outPerGroup);
          Scratch s = new Scratch(count);
          for (int t0 = 0; t0 < g.outLength; t0 += TILE) {
            int len = Math.min(TILE, g.outLength - t0);
            for (int k = 0; k < count; k++) {
              java.util.Arrays.fill(s.acc[k], 0, len, b == null ? 0.0 : b[first + k]);
            }
            if (spec.transposed()) {
              transposedTile(g, x, w, s, n, group, first, count, t0, len);
            } else {
              convTile(g, x, w, s, n, group, first, count, t0, len);
            }
            for (int k = 0; k < count; k++) {
              store(
                  spec.dtype(),
                  s.acc[k],
                  y,
                  ((n * g.outChannels) + first + k) * g.outLength + t0,
                  len);
            }
          }
        });
    return Tensor.of(spec.dtype(), outShape, y);
  }

  /**
   * {@code acc[k][t] += w[o, ci, j] * xp[n, c, (t0 + t)*s + j*d]} for the block's channels {@code o
   * = first + k}, over input channels {@code ci} of the group, then taps {@code j}; {@code xp} is
   * the padded input, read through {@link PaddingIndex#gather} (zero padding included, as PyTorch's
   * dense formula multiplies it).
   */
  private static void convTile(
      Geometry g,
      double[] x,
      double[] w,
      Scratch s,
      int n,
      int group,
      int first,
      int count,
      int t0,
      int len) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    for (int ci = 0; ci < g.inPerGroup; ci++) {
      int row = (n * g.inChannels + group * g.inPerGroup + ci) * g.inLength;
      for (int j = 0; j < g.kernel; j++) {
        long start = (long) t0 * stride + (long) j * dilation;
        PaddingIndex.gather(
            x, row, g.inLength, g.padLeft, g.spec.paddingMode(), start, stride, s.window, 0, len);
        for (int k = 0; k < count; k++) {
          axpy(s.acc[k], w[((first + k) * g.inPerGroup + ci) * g.kernel + j], s.window, 0, len);
        }
      }
    }
  }

  /**
   * ConvTranspose1d: input position {@code t} of channel {@code i} adds {@code x[n, i, t] * w[i,
   * ol, j]} to output position {@code p = t*s + j*d - padding}; summed over input channels of the
   * group, then taps, as the scatter loop would. Positions outside the output are skipped (never
   * multiplied), as PyTorch's forward (a scatter, {@code col2im}) drops them, and nothing is
   * multiplied by the zeros a zero-stuffing formulation would put between the samples.
   */
  private static void transposedTile(
      Geometry g,
      double[] x,
      double[] w,
      Scratch s,
      int n,
      int group,
      int first,
      int count,
      int p0,
      int len) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    int pad = g.spec.padding().amount();
    for (int il = 0; il < g.inPerGroup; il++) {
      int i = group * g.inPerGroup + il;
      int row = (n * g.inChannels + i) * g.inLength;
      for (int j = 0; j < g.kernel; j++) {
        long shift = (long) j * dilation - pad; // p = t*s + shift
        // t such that p0 <= t*s + shift < p0 + len and 0 <= t < L_in
        int tLo = (int) Math.max(0, PaddingIndex.ceilDiv(p0 - shift, stride));
        int tHi = (int) Math.min(g.inLength, PaddingIndex.ceilDiv(p0 + len - shift, stride));
        if (tLo >= tHi) {
          continue;
        }
        if (stride == 1) {
          // output offset q = t + shift - p0: copy x into the window at q, then one index for both
          int qLo = (int) (tLo + shift - p0);
          int qHi = (int) (tHi + shift - p0);
          System.arraycopy(x, row + tLo, s.window, qLo, qHi - qLo);
          for (int k = 0; k < count; k++) {
            double wv = w[(i * g.outPerGroup + (first + k) % g.outPerGroup) * g.kernel + j];
            axpy(s.acc[k], wv, s.window, qLo, qHi);
          }
        } else {
          for (int k = 0; k < count; k++) {
            double wv = w[(i * g.outPerGroup + (first + k) % g.outPerGroup) * g.kernel + j];
            double[] acc = s.acc[k];
            for (int t = tLo; t < tHi; t++) {
              acc[(int) ((long) t * stride + shift - p0)] += wv * x[row + t];
            }
          }
        }
      }
    }
  }

  /**
   * {@code acc[q] += w * window[q]} for {@code q} in {@code [lo, hi)}: the vectorised loop.
   *
   * <p>Two copies of the same loop, chosen by length, so that each keeps a profile of its own: C2
   * unrolls and vectorises a loop only when its profiled trip count is long, and a JVM that ran
   * small convolutions first would otherwise have taught it that this loop is short (a large call
   * then ran 3-5 times slower).
   */
  static void axpy(double[] acc, double w, double[] window, int lo, int hi) {
    if (hi - lo >= 64) {
      axpyLong(acc, w, window, lo, hi);
    } else {
      axpyShort(acc, w, window, lo, hi);
    }
  }

  private static void axpyLong(double[] acc, double w, double[] window, int lo, int hi) {
    for (int q = lo; q < hi; q++) {
      acc[q] += w * window[q];
    }
  }

  private static void axpyShort(double[] acc, double w, double[] window, int lo, int hi) {
    for (int q = lo; q < hi; q++) {
      acc[q] += w * window[q];
    }
  }

  /** Copies {@code len} accumulators to {@code y}, rounded once to the dtype. */
  static void store(DType dtype, double[] acc, double[] y, int offset, int len) {
    if (dtype == DType.FLOAT32) {
      for (int t = 0; t < len; t++) {
        y[offset + t] = (float) acc[t];
      }
    } else {
      System.arraycopy(acc, 0, y, offset, len);
    }
  }

  static void checkTensors(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    spec.checkDType("input", input.dtype());
    spec.checkWeight(weight);
    spec.checkBias(bias);
  }

  /** Runs {@code body} for tasks {@code 0..tasks-1}, in parallel when the call is large enough. */
  static void forEachTask(int tasks, long work, IntConsumer body) {
    if (work < PARALLEL_THRESHOLD || tasks < 2) {
      for (int task = 0; task < tasks; task++) {
        body.accept(task);
      }
    } else {
      IntStream.range(0, tasks).parallel().forEach(body);
    }
  }

  /** Blocks of up to {@link #BLOCK} channels within a group. */
  static final class Blocks {
    private Blocks() {}

    static int count(int perGroup) {
      return (perGroup + BLOCK - 1) / BLOCK;
    }

    static int start(int block) {
      return block * BLOCK;
    }

    static int size(int block, int perGroup) {
      return Math.min(BLOCK, perGroup - block * BLOCK);
    }
  }

  /** One task's accumulators and input window, a tile each. */
  static final class Scratch {
    final double[][] acc;
    final double[] window = new double[TILE];

    Scratch(int count) {
      acc = new double[count][TILE];
    }
  }

  /** The sizes one call works with, derived once from the spec and the shapes. */
  static final class Geometry {
    /**
     * The most elements a Java array holds on common JVMs ({@code ArrayList} uses the same bound):
     * a larger output is refused by name rather than left to fail as an overflowed index.
     */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    final ConvSpec spec;
    final int batch;
    final int groups;
    final int inChannels;
    final int outChannels;
    final int inPerGroup;
    final int outPerGroup;
    final int kernel;
    final int inLength;
    final int outLength;
    final long padLeft;
    final long paddedLength;

    private Geometry(ConvSpec spec, int[] inShape, int[] outShape) {
      boolean batched = inShape.length == 3;
      this.spec = spec;
      this.batch = batched ? inShape[0] : 1;
      this.groups = spec.groups();
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
      long outputs = (long) batch * outChannels * outLength;
      if (outputs > MAX_ARRAY) {
        throw new InvalidArgumentException(
            "input",
            "the output "
                + java.util.Arrays.toString(outShape)
                + " of input "
                + java.util.Arrays.toString(inShape)
                + " would hold "
                + outputs
                + " elements, more than the "
                + MAX_ARRAY
                + " a Java array (the reference's output) holds");
      }
    }

    static Geometry of(ConvSpec spec, int[] inShape, int[] outShape) {
      return new Geometry(spec, inShape, outShape);
    }

    /** Elements of the output, checked to fit a Java array when this geometry was made. */
    int outputSize() {
      return batch * outChannels * outLength;
    }

    /** Multiply-adds of one forward pass, to decide on parallelism. */
    long work() {
      return spec.transposed()
          ? (long) batch * inChannels * inLength * outPerGroup * kernel
          : (long) batch * outChannels * outLength * inPerGroup * kernel;
    }
  }
}
