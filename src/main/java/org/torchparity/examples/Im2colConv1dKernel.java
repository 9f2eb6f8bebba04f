package org.torchparity.examples;

import org.torchparity.parity.ConvKernel;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/**
 * An example custom kernel: {@code nn.Conv1d} as im2col followed by a blocked matrix multiply, the
 * way many native convolutions are built. Every padding mode, {@code same}/{@code valid}, stride,
 * dilation, groups, bias and unbatched inputs are supported; ConvTranspose1d is not ({@link
 * #supports} says so, and a sweep counts those cases as skipped).
 *
 * <p>float32 is computed in float: every product and every partial sum is rounded to float as it
 * goes, so the result differs from PyTorch's only by rounding (a different summation order), not by
 * borrowed precision. float64 is computed in double.
 *
 * <p>For each batch item and group, the padded input is unfolded into a {@code (C_in/groups *
 * kernelSize, L_out)} matrix whose column {@code t} holds every input value output position {@code
 * t} sees; the group's weight, a {@code (C_out/groups, C_in/groups * kernelSize)} matrix as PyTorch
 * stores it, times that matrix is the group's output. Check it with {@code sweep --kernel im2col}
 * (registered in {@code META-INF/services}) or {@code --kernel
 * org.torchparity.examples.Im2colConv1dKernel}.
 */
public final class Im2colConv1dKernel implements ConvKernel {
  /** Rows of the weight matrix per block. */
  private static final int BLOCK_ROWS = 16;

  /** Reduction length per block (input channels times taps). */
  private static final int BLOCK_DEPTH = 64;

  /** Output positions per block. */
  private static final int BLOCK_COLUMNS = 256;

  /** Creates the kernel; it holds no state. */
  public Im2colConv1dKernel() {}

  @Override
  public String name() {
    return "im2col";
  }

  @Override
  public boolean supports(ConvSpec spec) {
    return !spec.transposed();
  }

  @Override
  public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    if (spec.transposed()) {
      throw new UnsupportedOperationException(
          name() + " computes Conv1d only, but spec is " + spec.kind().torchName());
    }
    int[] outShape = spec.checkInput(input);
    spec.checkWeight(weight);
    spec.checkBias(bias);
    Geometry g = new Geometry(spec, input.shape(), outShape);
    int[] columnSource = columnSources(spec, g);
    if (spec.dtype() == DType.FLOAT32) {
      return Tensor.of(outShape, forwardFloat(g, columnSource, input, weight, bias));
    }
    return Tensor.of(DType.FLOAT64, outShape, forwardDouble(g, columnSource, input, weight, bias));
  }

  /** Sizes of one call, the unbatched form treated as a batch of one. */
  private static final class Geometry {
    final int batch;
    final int inChannels;
    final int outChannels;
    final int length;
    final int outLength;
    final int kernelSize;
    final int groups;
    final int groupIn;
    final int groupOut;
    final int depth;

    Geometry(ConvSpec spec, int[] inShape, int[] outShape) {
      boolean batched = inShape.length == 3;
      batch = batched ? inShape[0] : 1;
      inChannels = spec.inChannels();
      outChannels = spec.outChannels();
      length = inShape[inShape.length - 1];
      outLength = outShape[outShape.length - 1];
      kernelSize = spec.kernelSize();
      groups = spec.groups();
      groupIn = inChannels / groups;
      groupOut = outChannels / groups;
      depth = groupIn * kernelSize;
    }
  }

  /**
   * For tap {@code k} and output position {@code t}, the input index it reads ({@code -1} for a
   * zero): padded position {@code t*stride + k*dilation}, mapped back through the padding mode.
   */
  private static int[] columnSources(ConvSpec spec, Geometry g) {
    int[] sources = new int[g.kernelSize * g.outLength];
    for (int k = 0; k < g.kernelSize; k++) {
      for (int t = 0; t < g.outLength; t++) {
        long position = (long) t * spec.stride() + (long) k * spec.dilation() - spec.padLeft();
        sources[k * g.outLength + t] = sourceIndex(spec.paddingMode(), position, g.length);
      }
    }
    return sources;
  }

  /**
   * Maps a position of the padded input to the input index whose value it holds, as {@code F.pad}
   * fills it, or {@code -1} for a zero. PyTorch's limits (reflect: padding below the length;
   * circular: at most the length) make one reflection or one wrap enough.
   */
  static int sourceIndex(PaddingMode mode, long position, int length) {
    if (position >= 0 && position < length) {
      return (int) position;
    }
    return switch (mode) {
      case ZEROS -> -1;
      case REFLECT -> (int) (position < 0 ? -position : 2L * (length - 1) - position);
      case REPLICATE -> position < 0 ? 0 : length - 1;
      case CIRCULAR -> (int) Math.floorMod(position, (long) length);
    };
  }

  private static float[] forwardFloat(
      Geometry g, int[] columnSource, Tensor input, Tensor weight, Tensor bias) {
    float[] x = input.toFloatArray();
    float[] w = weight.toFloatArray();
    float[] y = new float[g.batch * g.outChannels * g.outLength];
    float[] columns = new float[g.depth * g.outLength];
    for (int n = 0; n < g.batch; n++) {
      for (int group = 0; group < g.groups; group++) {
        // im2col: row (c, k) of the matrix is input channel c seen through tap k.
        for (int c = 0; c < g.groupIn; c++) {
          int channel = (n * g.inChannels + group * g.groupIn + c) * g.length;
          for (int k = 0; k < g.kernelSize; k++) {
            int row = (c * g.kernelSize + k) * g.outLength;
            for (int t = 0; t < g.outLength; t++) {
              int source = columnSource[k * g.outLength + t];
              columns[row + t] = source < 0 ? 0f : x[channel + source];
            }
          }
        }
        int weightOffset = group * g.groupOut * g.depth;
        int outOffset = (n * g.outChannels + group * g.groupOut) * g.outLength;
        multiply(w, weightOffset, columns, y, outOffset, g.groupOut, g.depth, g.outLength);
      }
    }
    if (bias != null) {
      float[] b = bias.toFloatArray();
      for (int row = 0; row < g.batch * g.outChannels; row++) {
        float value = b[row % g.outChannels];
        for (int t = 0; t < g.outLength; t++) {
          y[row * g.outLength + t] += value;
        }
      }
    }
    return y;
  }

  /** {@code c[cOff..] += a[aOff..] (m x k) * b (k x n)}, blocked, accumulating in float. */
  private static void multiply(
      float[] a, int aOff, float[] b, float[] c, int cOff, int m, int k, int n) {
    for (int i0 = 0; i0 < m; i0 += BLOCK_ROWS) {
      int i1 = Math.min(m, i0 + BLOCK_ROWS);
      for (int p0 = 0; p0 < k; p0 += BLOCK_DEPTH) {
        int p1 = Math.min(k, p0 + BLOCK_DEPTH);
        for (int j0 = 0; j0 < n; j0 += BLOCK_COLUMNS) {
          int j1 = Math.min(n, j0 + BLOCK_COLUMNS);
          for (int i = i0; i < i1; i++) {
            int cRow = cOff + i * n;
            for (int p = p0; p < p1; p++) {
              float av = a[aOff + i * k + p];
              int bRow = p * n;
              for (int j = j0; j < j1; j++) {
                c[cRow + j] += av * b[bRow + j];
              }
            }
          }
        }
      }
    }
  }

  private static double[] forwardDouble(
      Geometry g, int[] columnSource, Tensor input, Tensor weight, Tensor bias) {
    double[] x = input.toDoubleArray();
    double[] w = weight.toDoubleArray();
    double[] y = new double[g.batch * g.outChannels * g.outLength];
    double[] columns = new double[g.depth * g.outLength];
    for (int n = 0; n < g.batch; n++) {
      for (int group = 0; group < g.groups; group++) {
        for (int c = 0; c < g.groupIn; c++) {
          int channel = (n * g.inChannels + group * g.groupIn + c) * g.length;
          for (int k = 0; k < g.kernelSize; k++) {
            int row = (c * g.kernelSize + k) * g.outLength;
            for (int t = 0; t < g.outLength; t++) {
              int source = columnSource[k * g.outLength + t];
              columns[row + t] = source < 0 ? 0.0 : x[channel + source];
            }
          }
        }
        int weightOffset = group * g.groupOut * g.depth;
        int outOffset = (n * g.outChannels + group * g.groupOut) * g.outLength;
        multiply(w, weightOffset, columns, y, outOffset, g.groupOut, g.depth, g.outLength);
      }
    }
    if (bias != null) {
      double[] b = bias.toDoubleArray();
      for (int row = 0; row < g.batch * g.outChannels; row++) {
        double value = b[row % g.outChannels];
        for (int t = 0; t < g.outLength; t++) {
          y[row * g.outLength + t] += value;
        }
      }
    }
    return y;
  }

  /** As the float version, in double. */
  private static void multiply(
      double[] a, int aOff, double[] b, double[] c, int cOff, int m, int k, int n) {
    for (int i0 = 0; i0 < m; i0 += BLOCK_ROWS) {
      int i1 = Math.min(m, i0 + BLOCK_ROWS);
      for (int p0 = 0; p0 < k; p0 += BLOCK_DEPTH) {
        int p1 = Math.min(k, p0 + BLOCK_DEPTH);
        for (int j0 = 0; j0 < n; j0 += BLOCK_COLUMNS) {
          int j1 = Math.min(n, j0 + BLOCK_COLUMNS);
          for (int i = i0; i < i1; i++) {
            int cRow = cOff + i * n;
            for (int p = p0; p < p1; p++) {
              double av = a[aOff + i * k + p];
              int bRow = p * n;
              for (int j = j0; j < j1; j++) {
                c[cRow + j] += av * b[bRow + j];
              }
            }
          }
        }
      }
    }
  }
}
