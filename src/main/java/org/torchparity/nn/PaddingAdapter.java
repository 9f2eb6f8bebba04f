package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import org.torchparity.spec.PaddingMode;

/**
 * Bridges what DJL's {@code conv1d} lacks: {@code padding="same"} with an odd total (PyTorch puts
 * the extra element on the right) and the non-zero padding modes. Everything is built from engine
 * ops that autograd understands (slice, flip, repeat, concatenate, constant pad), so gradients fold
 * back onto the input exactly as PyTorch's {@code F.pad} backward does.
 *
 * <p>Rules mirrored from PyTorch's {@code F.pad} for the last axis of length {@code L}:
 *
 * <ul>
 *   <li>reflect: left part {@code x[1 .. left]} reversed, right part {@code x[L-1-right .. L-2]}
 *       reversed (the edge itself is not repeated);
 *   <li>replicate: {@code x[0]} repeated {@code left} times, {@code x[L-1]} repeated {@code right}
 *       times;
 *   <li>circular: {@code x[L-left .. L-1]} before, {@code x[0 .. right-1]} after.
 * </ul>
 *
 * A negative side crops. Where one side crops and the other pads (the padding modules allow it),
 * reflect and replicate read through PyTorch's index rule for output position {@code j}: {@code i =
 * j - left}, reflected ({@code -i} before the signal, {@code 2(L-1) - i} after it) or clamped to
 * {@code [0, L-1]}, gathered in one op, so a padded element may come from the cropped part as in
 * libtorch's {@code reflection_pad1d} / {@code replication_pad1d} kernels.
 *
 * <p>Limits on {@code left}/{@code right} against {@code L} are checked earlier, by the spec's
 * {@code outputShape}, so that the user sees torch-parity's message and not a native one.
 */
final class PaddingAdapter {
  private PaddingAdapter() {}

  /**
   * Pads the last axis of {@code x} by {@code left} and {@code right} elements in {@code mode}.
   *
   * @param x a tensor whose last axis is the signal
   * @param mode the padding mode
   * @param left elements before (64-bit: {@code padding="same"} at a large dilation)
   * @param right elements after
   * @return the padded tensor, attached to {@code x}'s manager; {@code x} itself when both are 0
   */
  static NDArray pad(NDArray x, PaddingMode mode, long left, long right) {
    if (left == 0 && right == 0) {
      return x;
    }
    if (mode == PaddingMode.ZEROS) {
      return x.pad(new Shape(left, right), 0.0);
    }
    if (left <= 0 && right <= 0) {
      return padOrCrop(x, left, right); // negative padding crops, as F.pad does in every mode
    }
    int axis = x.getShape().dimension() - 1;
    long length = x.getShape().get(axis);
    if (left < 0 || right < 0) {
      return gatherLast(x, sources(mode, left, right, length));
    }
    NDList parts = new NDList(3);
    if (left > 0) {
      parts.add(leftPart(x, mode, left, length, axis));
    }
    parts.add(x);
    if (right > 0) {
      parts.add(rightPart(x, mode, right, length, axis));
    }
    return NDArrays.concat(parts, axis);
  }

  private static NDArray leftPart(NDArray x, PaddingMode mode, long left, long length, int axis) {
    switch (mode) {
      case REFLECT:
        return x.get("..., 1:{}", left + 1).flip(axis);
      case REPLICATE:
        return x.get("..., 0:1").repeat(axis, left);
      case CIRCULAR:
        return x.get("..., {}:{}", length - left, length);
      default:
        throw new IllegalStateException("unexpected padding mode " + mode);
    }
  }

  private static NDArray rightPart(NDArray x, PaddingMode mode, long right, long length, int axis) {
    switch (mode) {
      case REFLECT:
        return x.get("..., {}:{}", length - 1 - right, length - 1).flip(axis);
      case REPLICATE:
        return x.get("..., {}:{}", length - 1, length).repeat(axis, right);
      case CIRCULAR:
        return x.get("..., 0:{}", right);
      default:
        throw new IllegalStateException("unexpected padding mode " + mode);
    }
  }

  /**
   * A copy of {@code x} that autograd follows ({@code constant_pad_nd} with no padding, which
   * libtorch answers with a clone): a module returns a new array even when it pads nothing.
   *
   * @param x the array
   * @return the copy, in {@code x}'s manager
   */
  static NDArray copy(NDArray x) {
    return x.pad(new Shape(0, 0), 0.0);
  }

  /** The input position each output position of a reflect or replicate padding reads. */
  private static long[] sources(PaddingMode mode, long left, long right, long length) {
    long[] index = new long[Math.toIntExact(length + left + right)];
    for (int j = 0; j < index.length; j++) {
      long i = j - left;
      if (mode == PaddingMode.REFLECT) {
        index[j] = i < 0 ? -i : i >= length ? 2 * (length - 1) - i : i;
      } else if (mode == PaddingMode.REPLICATE) {
        index[j] = Math.max(0, Math.min(length - 1, i));
      } else {
        throw new IllegalStateException("no mixed-sign padding in mode " + mode);
      }
    }
    return index;
  }

  /**
   * Reads {@code x[..., index[j]]} for every {@code j}: {@code torch.gather} on the last axis with
   * the index broadcast over the leading axes, whose autograd adds each gradient back onto the
   * position it was read from.
   *
   * @param x a tensor whose last axis is the signal
   * @param index positions on the last axis, each in {@code [0, L)}
   * @return an array of {@code x}'s leading shape and last axis {@code index.length}, in {@code
   *     x}'s manager
   */
  static NDArray gatherLast(NDArray x, long[] index) {
    long[] dims = x.getShape().getShape();
    int axis = dims.length - 1;
    long[] single = new long[dims.length];
    java.util.Arrays.fill(single, 1);
    single[axis] = index.length;
    dims[axis] = index.length;
    NDArray positions = x.getManager().create(index, new Shape(single)).broadcast(new Shape(dims));
    return x.gather(positions, axis);
  }

  /**
   * Pads with zeros where {@code left}/{@code right} are positive and crops where they are
   * negative, as PyTorch's {@code constant_pad_nd} does.
   *
   * @param x a tensor whose last axis is the signal
   * @param left elements to add (or, when negative, remove) before
   * @param right elements to add (or remove) after
   * @return the result, {@code x} itself when both are 0
   */
  static NDArray padOrCrop(NDArray x, long left, long right) {
    return padOrCrop(x, left, right, 0.0);
  }

  /**
   * {@code constant_pad_nd} on the last axis: first narrows by the negative sides, then pads the
   * positive sides with {@code value}.
   *
   * @param x a tensor whose last axis is the signal
   * @param left elements to add (or, when negative, remove) before
   * @param right elements to add (or remove) after
   * @param value the fill value
   * @return the result, {@code x} itself when both are 0
   */
  static NDArray padOrCrop(NDArray x, long left, long right, double value) {
    NDArray result = x;
    if (left < 0 || right < 0) {
      long length = x.getShape().get(x.getShape().dimension() - 1);
      result = result.get("..., {}:{}", Math.max(0, -left), length - Math.max(0, -right));
    }
    if (left > 0 || right > 0) {
      result = result.pad(new Shape(Math.max(0, left), Math.max(0, right)), value);
    }
    return result;
  }
}
