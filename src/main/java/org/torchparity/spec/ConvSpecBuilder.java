package org.torchparity.spec;

import java.util.Objects;

/**
 * Collects a {@link ConvSpec}'s optional arguments; {@link #build()} validates them all at once, as
 * PyTorch's constructor does. Start one with {@link ConvSpec#conv1d} or {@link
 * ConvSpec#convTranspose1d}.
 */
public final class ConvSpecBuilder {
  final ConvSpec.Kind kind;
  final int inChannels;
  final int outChannels;
  final int kernelSize;
  int stride = 1;
  Padding padding = Padding.NONE;
  int dilation = 1;
  int groups = 1;
  boolean bias = true;
  PaddingMode paddingMode = PaddingMode.ZEROS;
  int outputPadding;
  DType dtype = DType.FLOAT32;

  ConvSpecBuilder(ConvSpec.Kind kind, int inChannels, int outChannels, int kernelSize) {
    this.kind = kind;
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
  }

  /**
   * Sets {@code stride}.
   *
   * @param value the step between output positions
   * @return this builder
   */
  public ConvSpecBuilder stride(int value) {
    this.stride = value;
    return this;
  }

  /**
   * Sets an explicit {@code padding} on both sides.
   *
   * @param value elements added on each side
   * @return this builder
   */
  public ConvSpecBuilder padding(int value) {
    this.padding = Padding.of(value);
    return this;
  }

  /**
   * Sets {@code padding}.
   *
   * @param value the padding
   * @return this builder
   */
  public ConvSpecBuilder padding(Padding value) {
    this.padding = Objects.requireNonNull(value, "padding");
    return this;
  }

  /**
   * Sets {@code padding} from PyTorch's spelling: an integer, {@code same} or {@code valid}.
   *
   * @param value the padding as text
   * @return this builder
   */
  public ConvSpecBuilder padding(String value) {
    this.padding = Padding.parse(value);
    return this;
  }

  /**
   * Sets {@code dilation}.
   *
   * @param value the spacing between kernel taps
   * @return this builder
   */
  public ConvSpecBuilder dilation(int value) {
    this.dilation = value;
    return this;
  }

  /**
   * Sets {@code groups}.
   *
   * @param value the number of blocked connections from input to output channels
   * @return this builder
   */
  public ConvSpecBuilder groups(int value) {
    this.groups = value;
    return this;
  }

  /**
   * Sets whether the layer adds a learnable bias.
   *
   * @param value {@code bias}
   * @return this builder
   */
  public ConvSpecBuilder bias(boolean value) {
    this.bias = value;
    return this;
  }

  /**
   * Sets {@code padding_mode}.
   *
   * @param value the mode
   * @return this builder
   */
  public ConvSpecBuilder paddingMode(PaddingMode value) {
    this.paddingMode = Objects.requireNonNull(value, "paddingMode");
    return this;
  }

  /**
   * Sets {@code padding_mode} from PyTorch's name.
   *
   * @param value {@code zeros}, {@code reflect}, {@code replicate} or {@code circular}
   * @return this builder
   */
  public ConvSpecBuilder paddingMode(String value) {
    this.paddingMode = PaddingMode.parse(value);
    return this;
  }

  /**
   * Sets {@code output_padding} (ConvTranspose1d only).
   *
   * @param value extra length added to one side of the output
   * @return this builder
   */
  public ConvSpecBuilder outputPadding(int value) {
    this.outputPadding = value;
    return this;
  }

  /**
   * Sets the dtype of parameters, inputs and outputs.
   *
   * @param value float32 or float64
   * @return this builder
   */
  public ConvSpecBuilder dtype(DType value) {
    this.dtype = Objects.requireNonNull(value, "dtype");
    if (!value.isFloatingPoint()) {
      throw new InvalidArgumentException(
          "dtype", "dtype must be float32 or float64 but was " + value.torchName());
    }
    return this;
  }

  /**
   * Validates every argument as PyTorch does and builds the spec.
   *
   * @return the spec
   * @throws InvalidArgumentException naming the first argument PyTorch would refuse
   */
  public ConvSpec build() {
    ConvSpec spec = new ConvSpec(this);
    ArgumentRules.check(spec);
    Tensor.numel(spec.weightShape()); // refuses a weight too large to hold
    return spec;
  }
}
