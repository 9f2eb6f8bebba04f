package org.torchparity.reference;

import org.torchparity.spec.PaddingMode;

/**
 * Where a padded position reads from, per padding mode, as PyTorch's {@code F.pad} defines it,
 * computed by arithmetic: the padded signal is never built, so memory stays proportional to the
 * input and the output however large the padding (PyTorch accepts a padding of {@code 2^31} on a
 * signal of length 5 when the dilation is as large). The forward pass reads through this mapping;
 * the backward pass adds gradients back through it, which is how reflect, replicate and circular
 * gradients fold onto the input.
 *
 * <p>Positions are {@code long}: a padded position is {@code t*stride + j*dilation}, a sum of two
 * products of ints.
 */
final class PaddingIndex {
  private PaddingIndex() {}

  /**
   * Maps a position of the padded signal to a position of the input.
   *
   * @param mode the padding mode
   * @param paddedPosition position in the padded signal, {@code 0 <= p < padLeft + length +
   *     padRight}
   * @param padLeft padding before the input
   * @param length input length L (at least 1)
   * @return the input position in {@code [0, L)}, or -1 where the padded value is zero
   */
  static int source(PaddingMode mode, long paddedPosition, long padLeft, int length) {
    long i = paddedPosition - padLeft;
    if (i >= 0 && i < length) {
      return (int) i;
    }
    switch (mode) {
      case REFLECT:
        // x[-i] on the left, x[2(L-1)-i] on the right; padding < L keeps this in range.
        return (int) (i < 0 ? -i : 2L * (length - 1) - i);
      case REPLICATE:
        return i < 0 ? 0 : length - 1;
      case CIRCULAR:
        return (int) Math.floorMod(i, (long) length);
      default:
        return -1;
    }
  }

  /**
   * {@code window[q] = xp[start + q*stride]} for {@code q} in {@code [lo, hi)}, where {@code xp} is
   * the row of {@code x} at {@code row} (length {@code length}) padded per {@code mode} with {@code
   * padLeft} elements before it: positions inside the input are copied, the others are read through
   * {@link #source} (0.0 for zero padding, so that a product with it is computed, as in PyTorch's
   * dense formula: {@code nan * 0.0} is {@code nan}).
   *
   * @param x the unpadded rows
   * @param row offset of the row's first element in {@code x}
   * @param length the row's length L
   * @param padLeft padding before the row
   * @param mode the padding mode
   * @param start padded position of {@code q = 0}
   * @param stride step between consecutive {@code q}
   * @param window the destination, indexed by {@code q}
   * @param lo first {@code q}
   * @param hi end of {@code q} (exclusive)
   */
  static void gather(
      double[] x,
      int row,
      int length,
      long padLeft,
      PaddingMode mode,
      long start,
      int stride,
      double[] window,
      int lo,
      int hi) {
    long first = start - padLeft; // input position of q = 0
    // q with 0 <= first + q*stride < length
    int inLo = (int) Math.max(lo, Math.min(hi, ceilDiv(-first, stride)));
    int inHi = (int) Math.max(inLo, Math.min(hi, ceilDiv(length - first, stride)));
    for (int q = lo; q < inLo; q++) {
      window[q] = outside(x, row, length, padLeft, mode, start + (long) q * stride);
    }
    // (arraycopy checks its offsets even when it copies nothing, hence the guard)
    if (inLo < inHi && stride == 1) {
      System.arraycopy(x, row + (int) (first + inLo), window, inLo, inHi - inLo);
    } else if (inLo < inHi) {
      long at = row + first + (long) inLo * stride;
      for (int q = inLo; q < inHi; q++, at += stride) {
        window[q] = x[(int) at];
      }
    }
    for (int q = inHi; q < hi; q++) {
      window[q] = outside(x, row, length, padLeft, mode, start + (long) q * stride);
    }
  }

  private static double outside(
      double[] x, int row, int length, long padLeft, PaddingMode mode, long position) {
    int s = source(mode, position, padLeft, length);
    return s < 0 ? 0.0 : x[row + s];
  }

  /**
   * Returns {@code ceil(a / b)} for {@code b > 0} and any sign of {@code a}.
   *
   * @param a the numerator
   * @param b the denominator, positive
   * @return the quotient rounded up
   */
  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
