package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * What the 1-D pooling modules share on the engine: the batch dimension DJL's pooling ops need
 * (their native code picks the 1-D op from the rank and crashes on a rank-2 input, so an unbatched
 * {@code (C, L)} input runs as {@code (1, C, L)}), and the index of each window's maximum, which
 * DJL's {@code maxPool} and {@code adaptiveMaxPool} do not return.
 */
final class PoolOps {
  private PoolOps() {}

  /**
   * {@code (C, L)} as {@code (1, C, L)}; {@code (N, C, L)} unchanged. Any other rank is refused
   * here, whatever checked it before: DJL's native pooling would crash the JVM on it.
   */
  static NDArray batched(NDArray input) {
    int rank = input.getShape().dimension();
    if (rank != 2 && rank != 3) {
      throw new IllegalStateException(
          "1-D pooling takes (C, L) or (N, C, L) but got " + input.getShape());
    }
    return rank == 2 ? input.expandDims(0) : input;
  }

  /** The result of a {@link #batched} input back to the input's rank. */
  static NDArray unbatched(NDArray result, NDArray input) {
    return input.getShape().dimension() == 2 ? result.squeeze(0) : result;
  }

  /**
   * The positions libtorch's max pooling kernels pick, in the unpadded input, for windows {@code o}
   * of {@code counts[o]} positions {@code starts[o] + j * step} ({@code j < counts[o]}); positions
   * outside {@code [0, L)} are padding and never picked. libtorch scans a window in order and takes
   * a value when it is greater than the maximum so far or NaN, starting from the first position
   * inside the input. So the pick is the last NaN of the window if it has one, else the first
   * position holding the window's maximum. Composed here from libtorch ops: the window values are
   * gathered (padding replaced by {@code -inf}), each position scored ({@code 2 + j} for a NaN, 1
   * for a maximum, 0 else) and the score's {@code argmax} (the first of equal scores) taken. Every
   * window must hold at least one input position.
   *
   * @param x the input {@code (N, C, L)}; not differentiated
   * @param starts each window's first position, possibly negative (left padding)
   * @param counts each window's number of positions
   * @param step the distance between a window's positions (the dilation)
   * @return int64 {@code (N, C, starts.length)}
   */
  static NDArray maxIndices(NDArray x, long[] starts, int[] counts, int step) {
    long[] dims = x.getShape().getShape();
    long length = dims[2];
    int out = starts.length;
    int width = 1;
    for (int c : counts) {
      width = Math.max(width, c);
    }
    long[] clamped = new long[out * width];
    boolean[] valid = new boolean[out * width];
    for (int o = 0; o < out; o++) {
      for (int j = 0; j < width; j++) {
        long position = starts[o] + (long) j * step;
        boolean inside = j < counts[o] && position >= 0 && position < length;
        valid[o * width + j] = inside;
        clamped[o * width + j] = inside ? position : 0;
      }
    }
    long[] nanScores = new long[width];
    for (int j = 0; j < width; j++) {
      nanScores[j] = 2L + j;
    }
    NDManager manager = x.getManager();
    NDArray values = x.stopGradient();
    NDArray index =
        manager
            .create(clamped, new Shape(1, 1, (long) out * width))
            .broadcast(new Shape(dims[0], dims[1], (long) out * width));
    NDArray windows = values.gather(index, 2).reshape(dims[0], dims[1], out, width);
    NDArray inside = manager.create(valid, new Shape(out, width));
    NDArray nan = windows.isNaN().logicalAnd(inside);
    NDArray number = inside.logicalAnd(nan.logicalNot());
    NDArray lowest = manager.full(new Shape(), Float.NEGATIVE_INFINITY, x.getDataType());
    NDArray masked = where(number, windows, lowest);
    NDArray maximum = masked.max(new int[] {3}, true);
    NDArray isMaximum = masked.eq(maximum).logicalAnd(number).toType(DataType.INT64, false);
    NDArray score = where(nan, manager.create(nanScores), isMaximum);
    NDArray picked = score.argMax(3);
    NDArray first = manager.create(starts, new Shape(out));
    return picked.mul(step).add(first);
  }

  private static NDArray where(NDArray condition, NDArray a, NDArray b) {
    return JniUtils.where((PtNDArray) condition, (PtNDArray) a, (PtNDArray) b);
  }
}
