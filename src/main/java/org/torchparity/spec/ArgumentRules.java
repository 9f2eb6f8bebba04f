package org.torchparity.spec;

import org.torchparity.spec.ConvSpec.Kind;

/**
 * The constructor-argument rules of {@code nn.Conv1d} and {@code nn.ConvTranspose1d}, checked once
 * when a {@link ConvSpec} is built, in PyTorch's order, each refusal naming the argument, the
 * expected and the actual value.
 */
final class ArgumentRules {
  private ArgumentRules() {}

  static void check(ConvSpec spec) {
    Kind kind = spec.kind();
    int inChannels = spec.inChannels();
    int outChannels = spec.outChannels();
    int kernelSize = spec.kernelSize();
    int stride = spec.stride();
    Padding padding = spec.padding();
    int dilation = spec.dilation();
    int groups = spec.groups();
    PaddingMode paddingMode = spec.paddingMode();
    int outputPadding = spec.outputPadding();
    String module = kind.torchName();
    requirePositive("inChannels", inChannels, "");
    requirePositive("outChannels", outChannels, "");
    requirePositive(
        "kernelSize", kernelSize, " (PyTorch: kernel size should be greater than zero)");
    requirePositive("stride", stride, " (PyTorch: non-positive stride is not supported)");
    requirePositive("dilation", dilation, " (PyTorch: dilation should be greater than zero)");
    if (groups <= 0) {
      throw new InvalidArgumentException(
          "groups", "groups must be a positive integer but was " + groups);
    }
    if (inChannels % groups != 0) {
      throw new InvalidArgumentException(
          "groups",
          "inChannels must be divisible by groups but inChannels="
              + inChannels
              + ", groups="
              + groups);
    }
    if (outChannels % groups != 0) {
      throw new InvalidArgumentException(
          "groups",
          "outChannels must be divisible by groups but outChannels="
              + outChannels
              + ", groups="
              + groups);
    }
    // PyTorch crops where reflect/replicate/circular padding is negative (F.pad accepts it); only
    // the convolution's own zero padding, which zeros mode and ConvTranspose1d use, refuses it.
    boolean cropsWhenNegative = kind == Kind.CONV1D && paddingMode != PaddingMode.ZEROS;
    if (padding.kind() == Padding.Kind.EXPLICIT && padding.amount() < 0 && !cropsWhenNegative) {
      throw new InvalidArgumentException(
          "padding",
          "padding must be non-negative but was "
              + padding.amount()
              + " (PyTorch: negative padding is not supported)");
    }
    if (kind == Kind.CONV1D) {
      if (padding.kind() == Padding.Kind.SAME && stride != 1) {
        throw new InvalidArgumentException(
            "padding",
            "padding='same' is not supported for strided convolutions: stride must be 1 but was "
                + stride);
      }
      if (outputPadding != 0) {
        throw new InvalidArgumentException(
            "outputPadding",
            "outputPadding is a ConvTranspose1d argument; Conv1d needs 0 but was " + outputPadding);
      }
    } else {
      if (padding.kind() != Padding.Kind.EXPLICIT) {
        throw new InvalidArgumentException(
            "padding",
            module + " padding must be an integer but was '" + padding.torchRepr() + "'");
      }
      if (paddingMode != PaddingMode.ZEROS) {
        throw new InvalidArgumentException(
            "paddingMode",
            "Only \"zeros\" padding mode is supported for "
                + module
                + " but paddingMode was '"
                + paddingMode.torchName()
                + "'");
      }
      if (outputPadding < 0) {
        throw new InvalidArgumentException(
            "outputPadding",
            "outputPadding must be non-negative but was "
                + outputPadding
                + " (PyTorch: negative output_padding is not supported)");
      }
      if (outputPadding >= stride && outputPadding >= dilation) {
        throw new InvalidArgumentException(
            "outputPadding",
            "outputPadding must be smaller than either stride or dilation but outputPadding="
                + outputPadding
                + ", stride="
                + stride
                + ", dilation="
                + dilation);
      }
    }
  }

  private static void requirePositive(String name, int value, String torchNote) {
    if (value <= 0) {
      throw new InvalidArgumentException(
          name, name + " must be positive but was " + value + torchNote);
    }
  }
}
