package org.torchparity.reference;

/**
 * What the 1-D pooling references share: an input {@code (N, C, L)} or {@code (C, L)} is a list of
 * rows of length {@code L}, each pooled alone; libtorch's pick of a window's maximum; and {@code
 * torch.pow}'s arithmetic with a scalar exponent.
 */
final class PoolRows {
  private PoolRows() {}

  /**
   * The position libtorch's max pooling kernels pick in a window of {@code count} positions {@code
   * start + j * step}: positions outside {@code [0, length)} are padding and skipped; the scan
   * starts at the first position inside with {@code -inf} as the maximum and takes a value when it
   * is greater than the maximum so far or NaN. So ties keep the first, and a window's last NaN
   * wins.
   *
   * @param x the input values
   * @param offset where the row starts in {@code x}
   * @param length the row's length
   * @param start the window's first position, possibly negative
   * @param count the window's number of positions
   * @param step the distance between positions
   * @return the picked position in the row, or -1 for a window of padding only
   */
  static int argMax(double[] x, int offset, int length, long start, int count, int step) {
    int picked = -1;
    double best = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < count; j++) {
      long position = start + (long) j * step;
      if (position < 0 || position >= length) {
        continue;
      }
      if (picked < 0) {
        picked = (int) position;
      }
      double v = x[offset + (int) position];
      if (v > best || Double.isNaN(v)) {
        best = v;
        picked = (int) position;
      }
    }
    return picked;
  }

  /**
   * {@code torch.pow(x, y)} for a scalar exponent on the CPU: 1 for {@code y = 0}, {@code x} for
   * {@code y = 1}, the square root, reciprocal square root, reciprocal, square, cube and inverse
   * square for 0.5, -0.5, -1, 2, 3 and -2 (libtorch's fast paths, e.g. {@code (-inf)^0.5} is NaN),
   * else C's {@code pow} (which, unlike Java's, gives 1 for {@code 1^y} and {@code (-1)^inf}).
   *
   * @param x the base
   * @param y the exponent
   * @return the power
   */
  static double torchPow(double x, double y) {
    if (y == 0) {
      return 1;
    } else if (y == 1) {
      return x;
    } else if (y == 0.5) {
      return Math.sqrt(x);
    } else if (y == -0.5) {
      return 1 / Math.sqrt(x);
    } else if (y == -1) {
      return 1 / x;
    } else if (y == 2) {
      return x * x;
    } else if (y == 3) {
      return x * x * x;
    } else if (y == -2) {
      return 1 / (x * x);
    } else if (x == 1 || (x == -1 && Double.isInfinite(y))) {
      return 1;
    }
    return Math.pow(x, y);
  }

  /**
   * {@code torch.sign} on the CPU: {@code (0 < x) - (x < 0)}, so 0 for NaN and for both zeros.
   *
   * @param x the value
   * @return -1, 0 or 1
   */
  static double torchSign(double x) {
    return x > 0 ? 1 : x < 0 ? -1 : 0;
  }
}
