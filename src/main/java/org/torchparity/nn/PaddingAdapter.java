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
 * Limits on {@code left}/{@code right} against {@code L} are checked earlier, by {@code
 * ConvSpec.outputShape}, so that the user sees torch-parity's message and not a native one.
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
   * Pads with zeros where {@code left}/{@code right} are positive and crops where they are
   * negative, as PyTorch's {@code constant_pad_nd} does.
   *
   * @param x a tensor whose last axis is the signal
   * @param left elements to add (or, when negative, remove) before
   * @param right elements to add (or remove) after
   * @return the result, {@code x} itself when both are 0
   */
  static NDArray padOrCrop(NDArray x, long left, long right) {
    NDArray result = x;
    if (left < 0 || right < 0) {
      long length = x.getShape().get(x.getShape().dimension() - 1);
      result = result.get("..., {}:{}", Math.max(0, -left), length - Math.max(0, -right));
    }
    if (left > 0 || right > 0) {
      result = result.pad(new Shape(Math.max(0, left), Math.max(0, right)), 0.0);
    }
    return result;
  }
}
