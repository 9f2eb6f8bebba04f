package org.torchparity.spec;

import java.util.Arrays;

/**
 * The shape rules of PyTorch's 1-d padding modules, as libtorch 2.7.1 checks them ({@code
 * constant_pad_nd}, and the {@code reflection_pad1d} / {@code replication_pad1d} meta functions
 * with {@code padding::check_valid_input<1>}). A negative padding crops.
 */
final class PadShapes {
  private PadShapes() {}

  /**
   * Reads a padding argument: one int for both sides, or a pair {@code (left, right)}.
   *
   * @param module the module's name for the message
   * @param padding one or two ints
   * @return {@code {left, right}}
   */
  static int[] pair(String module, int... padding) {
    if (padding == null || (padding.length != 1 && padding.length != 2)) {
      throw new InvalidArgumentException(
          "padding",
          "padding must be an int or a pair (left, right) for "
              + module
              + " (a longer tuple pads more dimensions, which torch-parity's 1-d module does not"
              + " do; an odd length is PyTorch's 'Padding length must be divisible by 2') but was "
              + (padding == null ? "None" : Arrays.toString(padding)));
    }
    return padding.length == 1
        ? new int[] {padding[0], padding[0]}
        : new int[] {padding[0], padding[1]};
  }

  /**
   * {@code constant_pad_nd} on the last axis: any rank from 1; a negative side first narrows the
   * axis (refused when it would remove more than is there), then the positive sides pad.
   */
  static int[] constant(int[] in, int left, int right) {
    Tensor.numel(in);
    if (in.length == 0) {
      throw new InvalidArgumentException(
          "input",
          "Padding length should be less than or equal to two times the input dimension but got"
              + " padding length 2 and input of dimension 0");
    }
    long length = in[in.length - 1];
    long afterLeft = length + Math.min(0, left);
    if (afterLeft < 0 || afterLeft + Math.min(0, right) < 0) {
      throw new InvalidArgumentException(
          "padding",
          "padding ("
              + left
              + ", "
              + right
              + ") would remove more elements than the "
              + length
              + " of the last dimension of input "
              + Arrays.toString(in)
              + " (PyTorch's narrow() refuses it)");
    }
    long out = length + left + right;
    return withLength(in, out);
  }

  /** {@code reflection_pad1d} and {@code replication_pad1d}: input rank 2 or 3, then the sizes. */
  static int[] reflectOrReplicate(int[] in, int left, int right, boolean reflect) {
    Tensor.numel(in);
    if (in.length != 2 && in.length != 3) {
      throw new InvalidArgumentException(
          "input",
          "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now: "
              + (reflect ? "ReflectionPad1d" : "ReplicationPad1d")
              + " takes a 2-D (C, L) or 3-D (N, C, L) input but got "
              + in.length
              + "-D input "
              + Arrays.toString(in));
    }
    boolean valid = true;
    for (int d = in.length == 3 ? 1 : 0; d < in.length; d++) {
      valid &= in[d] != 0;
    }
    if (!valid) {
      throw new InvalidArgumentException(
          "input",
          "Expected 2D or 3D (batch mode) tensor with possibly 0 batch size and other non-zero"
              + " dimensions for input, but got: "
              + Arrays.toString(in));
    }
    int w = in[in.length - 1];
    if (reflect && (left >= w || right >= w)) {
      throw new InvalidArgumentException(
          "padding",
          "Argument #4: Padding size should be less than the corresponding input dimension, but"
              + " got: padding ("
              + left
              + ", "
              + right
              + ") at dimension "
              + (in.length - 1)
              + " of input "
              + Arrays.toString(in));
    }
    long out = (long) w + left + right;
    if (out < 1) {
      throw new InvalidArgumentException(
          "input", "input (W: " + w + ") is too small. Calculated output W: " + out);
    }
    return withLength(in, out);
  }

  private static int[] withLength(int[] in, long length) {
    if (length > Integer.MAX_VALUE) {
      throw new InvalidArgumentException(
          "padding",
          "padded length must be at most " + Integer.MAX_VALUE + " but would be " + length);
    }
    int[] out = in.clone();
    out[out.length - 1] = (int) length;
    Tensor.numel(out);
    return out;
  }
}
