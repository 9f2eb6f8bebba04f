package org.torchparity.reference;

import java.util.Arrays;
import org.torchparity.reference.ReferenceConv.Blocks;
import org.torchparity.reference.ReferenceConv.Geometry;
import org.torchparity.reference.ReferenceConv.Scratch;
import org.torchparity.spec.PaddingMode;

/**
 * Conv1d's grad_input: {@code dxp[n, c, p] = sum over o of the group, then j, then t, of dy[n, o,
 * t] * w[o, ci, j]} where {@code p = t*s + j*d} is a position of the padded input, folded onto the
 * input through the padding mode ({@link PaddingIndex#source}) in ascending {@code p}, exactly as
 * the textbook loop builds the padded gradient and then folds it.
 *
 * <p>The padded gradient is never built whole: it is computed a tile of positions at a time and
 * folded at once, and only over the positions whose gradient can reach the input: with zero padding
 * the input's own span (the padding's gradient is dropped), with the other modes the whole padded
 * row. When that span is much longer than the work (reflect and circular padding are below the
 * length; only replicate padding can be long), only the tiles some product lands in are visited:
 * every other padded position has gradient exactly {@code +0.0}, which changes no sum.
 */
final class ConvInputGrad {
  private ConvInputGrad() {}

  static void compute(Geometry g, double[] dy, double[] w, double[] dx) {
    int stride = g.spec.stride();
    int dilation = g.spec.dilation();
    PaddingMode mode = g.spec.paddingMode();
    long lo = mode == PaddingMode.ZEROS ? g.padLeft : 0;
    long hi = mode == PaddingMode.ZEROS ? g.padLeft + g.inLength : g.paddedLength;
    long[] sparse = sparseTileStarts(g, lo, hi);
    long tiles = sparse == null ? PaddingIndex.ceilDiv(hi - lo, ReferenceConv.TILE) : sparse.length;
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
          for (long tileIndex = 0; tileIndex < tiles; tileIndex++) {
            long p0 =
                sparse == null ? lo + tileIndex * ReferenceConv.TILE : sparse[(int) tileIndex];
            int len = (int) Math.min(ReferenceConv.TILE, hi - p0);
            for (int k = 0; k < count; k++) {
              Arrays.fill(s.acc[k], 0, len, 0.0);
            }
            // taps that can land in [p0, p0 + len): j*d in (p0 - (L_out-1)*s - 1, p0 + len)
            int jLo =
                (int)
                    Math.max(
                        0, PaddingIndex.ceilDiv(p0 - (long) (g.outLength - 1) * stride, dilation));
            int jHi = (int) Math.min(g.kernel, PaddingIndex.ceilDiv(p0 + len, dilation));
            for (int ol = 0; ol < g.outPerGroup; ol++) {
              int o = group * g.outPerGroup + ol;
              int row = (n * g.outChannels + o) * g.outLength;
              int wRow = o * g.inPerGroup + firstCi;
              for (int j = jLo; j < jHi; j++) {
                long shift = (long) j * dilation; // p = t*s + shift
                int tLo = (int) Math.max(0, PaddingIndex.ceilDiv(p0 - shift, stride));
                int tHi =
                    (int) Math.min(g.outLength, PaddingIndex.ceilDiv(p0 + len - shift, stride));
                if (tLo >= tHi) {
                  continue;
                }
                if (stride == 1) {
                  int qLo = (int) (tLo + shift - p0);
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
                      acc[(int) ((long) t * stride + shift - p0)] += wv * dy[row + t];
                    }
                  }
                }
              }
            }
            // q in [inLo, inHi) lies on the input itself; the rest folds through the mode
            int inLo = (int) Math.min(len, Math.max(0, g.padLeft - p0));
            int inHi = (int) Math.max(inLo, Math.min(len, g.padLeft + g.inLength - p0));
            for (int k = 0; k < count; k++) {
              int c = group * g.inPerGroup + firstCi + k;
              int dxRow = (n * g.inChannels + c) * g.inLength;
              double[] acc = s.acc[k];
              for (int q = 0; q < inLo; q++) {
                fold(mode, p0 + q, g, dx, dxRow, acc[q]);
              }
              int at = (int) (dxRow + p0 - g.padLeft);
              for (int q = inLo; q < inHi; q++) {
                dx[at + q] += acc[q];
              }
              for (int q = inHi; q < len; q++) {
                fold(mode, p0 + q, g, dx, dxRow, acc[q]);
              }
            }
          }
        });
  }

  private static void fold(
      PaddingMode mode, long position, Geometry g, double[] dx, int dxRow, double value) {
    int source = PaddingIndex.source(mode, position, g.padLeft, g.inLength);
    if (source >= 0) {
      dx[dxRow + source] += value;
    }
  }

  /**
   * The starts of the tiles to visit in {@code [lo, hi)}, ascending, when the span is more than a
   * few times the work: only those some position {@code t*s + j*d} falls in. Returns {@code null}
   * when every tile is to be visited.
   */
  static long[] sparseTileStarts(Geometry g, long lo, long hi) {
    int tile = ReferenceConv.TILE;
    long work = (long) g.inLength + (long) g.outLength * g.kernel;
    if (hi - lo <= 4 * work + 4L * tile) {
      return null;
    }
    long stride = g.spec.stride();
    long dilation = g.spec.dilation();
    long[] found = new long[16];
    int size = 0;
    for (int j = 0; j < g.kernel; j++) {
      long base = j * dilation;
      long tA = Math.max(0, PaddingIndex.ceilDiv(lo - base, stride));
      long tB = Math.min(g.outLength, PaddingIndex.ceilDiv(hi - base, stride));
      if (tA >= tB) {
        continue;
      }
      long firstTile = Math.floorDiv(base + tA * stride - lo, tile);
      long lastTile = Math.floorDiv(base + (tB - 1) * stride - lo, tile);
      if (stride >= tile) {
        for (long t = tA; t < tB; t++) {
          found = grow(found, size);
          found[size++] = Math.floorDiv(base + t * stride - lo, tile);
        }
      } else {
        for (long i = firstTile; i <= lastTile; i++) {
          found = grow(found, size);
          found[size++] = i;
        }
      }
    }
    long[] indices = Arrays.stream(found, 0, size).sorted().distinct().toArray();
    for (int i = 0; i < indices.length; i++) {
      indices[i] = lo + indices[i] * tile;
    }
    return indices;
  }

  private static long[] grow(long[] array, int size) {
    return size < array.length ? array : Arrays.copyOf(array, array.length * 2);
  }
}
