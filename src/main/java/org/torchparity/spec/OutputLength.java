package org.torchparity.spec;

import java.util.Arrays;

/**
 * The output-length arithmetic of {@code conv1d} and {@code conv_transpose1d}, with the refusals
 * PyTorch makes in the forward pass; {@link ConvSpec#outputShape} and {@link
 * ConvSpec#outputPaddingFor} delegate here.
 */
final class OutputLength {
  private OutputLength() {}

  static int[] outputShape(ConvSpec spec, int[] inputShape, int outputPaddingOverride) {
    int inChannels = spec.inChannels();
    int outChannels = spec.outChannels();
    String shape = Arrays.toString(inputShape);
    if (inputShape.length != 2 && inputShape.length != 3) {
      throw new InvalidArgumentException(
          "input",
          "input must be 2-D (channels, length) or 3-D (batch, channels, length) but had shape "
              + shape);
    }
    boolean batched = inputShape.length == 3;
    int channels = inputShape[batched ? 1 : 0];
    int length = inputShape[batched ? 2 : 1];
    if (channels != inChannels) {
      throw new InvalidArgumentException(
          "input",
          "input must have inChannels="
              + inChannels
              + " channels at dimension "
              + (batched ? 1 : 0)
              + " but shape "
              + shape
              + " has "
              + channels);
    }
    if (length < 1) {
      throw new InvalidArgumentException(
          "input", "input length must be positive but shape " + shape + " has length " + length);
    }
    int outLength =
        spec.transposed()
            ? transposedLength(spec, length, outputPaddingOverride, shape)
            : convLength(spec, length, shape);
    return batched
        ? new int[] {inputShape[0], outChannels, outLength}
        : new int[] {outChannels, outLength};
  }

  static int outputPaddingFor(ConvSpec spec, int inputLength, int outputSize) {
    int stride = spec.stride();
    Padding padding = spec.padding();
    if (!spec.transposed()) {
      throw new InvalidArgumentException(
          "outputSize", "outputSize is a ConvTranspose1d argument; Conv1d has none");
    }
    long min =
        ((long) inputLength - 1) * stride - 2L * padding.amount() + spec.effectiveKernelSize();
    long max = min + stride - 1;
    if (outputSize < min || outputSize > max) {
      throw new InvalidArgumentException(
          "outputSize",
          "requested an output size of "
              + outputSize
              + ", but valid sizes range from "
              + min
              + " to "
              + max
              + " (for an input of length "
              + inputLength
              + ")");
    }
    return (int) (outputSize - min);
  }

  private static int convLength(ConvSpec spec, int length, String shape) {
    int stride = spec.stride();
    PaddingMode paddingMode = spec.paddingMode();
    long left = spec.padLeft();
    long right = spec.padRight();
    long maxPad = Math.max(left, right);
    if (paddingMode == PaddingMode.REFLECT && maxPad >= length) {
      throw new InvalidArgumentException(
          "input",
          "padding "
              + left
              + ", "
              + right
              + " with paddingMode=reflect must be smaller than the input length "
              + length
              + " of input "
              + shape
              + " (PyTorch: Padding size should be less than the corresponding input dimension)");
    }
    if (paddingMode == PaddingMode.CIRCULAR && maxPad > length) {
      throw new InvalidArgumentException(
          "input",
          "padding "
              + left
              + ", "
              + right
              + " with paddingMode=circular must be at most the input length "
              + length
              + " of input "
              + shape
              + " (PyTorch: Padding value causes wrapping around more than once)");
    }
    // Every term is below 2^62 (a product of two ints, halved, or an int), so no sum overflows.
    long padded = length + left + right;
    long span = spec.effectiveKernelSize();
    if (padded < span) {
      throw new InvalidArgumentException(
          "input",
          "padded input length "
              + padded
              + " (length "
              + length
              + " + padding "
              + left
              + " + "
              + right
              + ") must be at least the effective kernel size "
              + span
              + " (dilation*(kernelSize-1)+1) but input was "
              + shape);
    }
    long out = (padded - span) / stride + 1;
    if (out > Integer.MAX_VALUE) {
      // out <= padded - span + 1 <= length without padding, so only the padding can do this.
      throw new InvalidArgumentException(
          "padding",
          "padding "
              + left
              + ", "
              + right
              + " makes the output length (L + padLeft + padRight - dilation*(kernelSize-1) - 1)"
              + "/stride + 1 = "
              + out
              + " for input "
              + shape
              + ", more than the "
              + Integer.MAX_VALUE
              + " elements a dimension can hold in torch-parity (Java arrays and int shapes)");
    }
    return (int) out;
  }

  private static int transposedLength(ConvSpec spec, int length, int outPad, String shape) {
    int stride = spec.stride();
    long strideTerm = (long) (length - 1) * stride;
    long kernelTerm = spec.effectiveKernelSize() - 1;
    // Both terms are below 2^62 - 2^32, so the sum stays below 2^63.
    long out = strideTerm - 2L * spec.padding().amount() + kernelTerm + outPad + 1;
    String formula =
        "output length (L-1)*stride - 2*padding + dilation*(kernelSize-1) + outputPadding + 1 = ";
    if (out < 1) {
      throw new InvalidArgumentException(
          "input",
          formula + out + " must be between 1 and " + Integer.MAX_VALUE + " for input " + shape);
    }
    if (out > Integer.MAX_VALUE) {
      String argument =
          strideTerm >= kernelTerm ? "stride" : spec.dilation() > 1 ? "dilation" : "kernelSize";
      throw new InvalidArgumentException(
          argument,
          argument
              + " makes the "
              + formula
              + out
              + " for input "
              + shape
              + ", more than the "
              + Integer.MAX_VALUE
              + " elements a dimension can hold in torch-parity (Java arrays and int shapes)");
    }
    return (int) out;
  }
}
