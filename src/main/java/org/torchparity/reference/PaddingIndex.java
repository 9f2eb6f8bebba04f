package org.torchparity.reference;

import org.torchparity.spec.PaddingMode;

/**
 * Where a padded position reads from, per padding mode, as PyTorch's {@code F.pad} defines it. The
 * forward pass reads through this mapping; the backward pass adds gradients back through it, which
 * is how reflect, replicate and circular gradients fold onto the input.
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
  static int source(PaddingMode mode, int paddedPosition, int padLeft, int length) {
    int i = paddedPosition - padLeft;
    if (i >= 0 && i < length) {
      return i;
    }
    switch (mode) {
      case REFLECT:
        // x[-i] on the left, x[2(L-1)-i] on the right; padding < L keeps this in range.
        return i < 0 ? -i : 2 * (length - 1) - i;
      case REPLICATE:
        return i < 0 ? 0 : length - 1;
      case CIRCULAR:
        return Math.floorMod(i, length);
      default:
        return -1;
    }
  }

  /**
   * Builds the whole mapping for one padded row.
   *
   * @param mode the padding mode
   * @param padLeft padding before the input
   * @param length input length
   * @param padRight padding after the input
   * @return for each padded position, its input position or -1 for zero
   */
  static int[] table(PaddingMode mode, int padLeft, int length, int padRight) {
    int[] table = new int[padLeft + length + padRight];
    for (int p = 0; p < table.length; p++) {
      table[p] = source(mode, p, padLeft, length);
    }
    return table;
  }
}
