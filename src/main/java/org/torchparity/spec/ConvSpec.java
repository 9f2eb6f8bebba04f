package org.torchparity.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The constructor arguments of {@code torch.nn.Conv1d} or {@code torch.nn.ConvTranspose1d},
 * validated once, as PyTorch validates them, when {@link ConvSpecBuilder#build()} is called. A spec
 * holds no tensors and no engine state: the facade layers, the pure-Java reference and the case
 * files all share it.
 *
 * <p>Layout is PyTorch's NCW: input {@code (N, C_in, L)} or unbatched {@code (C_in, L)}. Shapes and
 * lengths, with {@code d = dilation}, {@code k = kernelSize}, {@code s = stride}:
 *
 * <ul>
 *   <li>Conv1d weight {@code (C_out, C_in/groups, k)}, bias {@code (C_out)}; output length {@code
 *       floor((L + padLeft + padRight - d*(k-1) - 1) / s) + 1}.
 *   <li>ConvTranspose1d weight {@code (C_in, C_out/groups, k)}, bias {@code (C_out)}; output length
 *       {@code (L-1)*s - 2*padding + d*(k-1) + outputPadding + 1}.
 * </ul>
 *
 * <p>Where torch-parity refuses at construction what PyTorch only refuses in the forward pass (a
 * zero kernel, a non-positive stride or dilation, negative padding), or what PyTorch accepts but
 * cannot compute with (zero channels), the message says so.
 */
public final class ConvSpec implements ModuleSpec {

  /** Which PyTorch module a spec describes. */
  public enum Kind {
    /** {@code torch.nn.Conv1d}. */
    CONV1D("Conv1d"),
    /** {@code torch.nn.ConvTranspose1d}. */
    CONV_TRANSPOSE1D("ConvTranspose1d");

    private final String torchName;

    Kind(String torchName) {
      this.torchName = torchName;
    }

    /**
     * Returns PyTorch's class name.
     *
     * @return {@code Conv1d} or {@code ConvTranspose1d}
     */
    public String torchName() {
      return torchName;
    }

    /**
     * Parses PyTorch's class name.
     *
     * @param text {@code Conv1d} or {@code ConvTranspose1d}
     * @return the kind
     * @throws InvalidArgumentException for any other name
     */
    public static Kind parse(String text) {
      for (Kind kind : values()) {
        if (kind.torchName.equals(text)) {
          return kind;
        }
      }
      throw new InvalidArgumentException(
          "module", "module must be Conv1d or ConvTranspose1d but was '" + text + "'");
    }
  }

  private final Kind kind;
  private final int inChannels;
  private final int outChannels;
  private final int kernelSize;
  private final int stride;
  private final Padding padding;
  private final int dilation;
  private final int groups;
  private final boolean bias;
  private final PaddingMode paddingMode;
  private final int outputPadding;
  private final DType dtype;

  ConvSpec(ConvSpecBuilder b) {
    this.kind = b.kind;
    this.inChannels = b.inChannels;
    this.outChannels = b.outChannels;
    this.kernelSize = b.kernelSize;
    this.stride = b.stride;
    this.padding = b.padding;
    this.dilation = b.dilation;
    this.groups = b.groups;
    this.bias = b.bias;
    this.paddingMode = b.paddingMode;
    this.outputPadding = b.outputPadding;
    this.dtype = b.dtype;
  }

  /**
   * Starts a {@code torch.nn.Conv1d(inChannels, outChannels, kernelSize)} spec with PyTorch's
   * defaults: stride 1, padding 0, dilation 1, groups 1, bias, zeros padding, float32.
   *
   * @param inChannels C_in
   * @param outChannels C_out
   * @param kernelSize k
   * @return a builder
   */
  public static ConvSpecBuilder conv1d(int inChannels, int outChannels, int kernelSize) {
    return new ConvSpecBuilder(Kind.CONV1D, inChannels, outChannels, kernelSize);
  }

  /**
   * Starts a {@code torch.nn.ConvTranspose1d(inChannels, outChannels, kernelSize)} spec with
   * PyTorch's defaults (as {@link #conv1d}, plus output padding 0).
   *
   * @param inChannels C_in
   * @param outChannels C_out
   * @param kernelSize k
   * @return a builder
   */
  public static ConvSpecBuilder convTranspose1d(int inChannels, int outChannels, int kernelSize) {
    return new ConvSpecBuilder(Kind.CONV_TRANSPOSE1D, inChannels, outChannels, kernelSize);
  }

  /**
   * Starts a builder holding this spec's values.
   *
   * @return a builder
   */
  public ConvSpecBuilder toBuilder() {
    ConvSpecBuilder b = new ConvSpecBuilder(kind, inChannels, outChannels, kernelSize);
    b.stride = stride;
    b.padding = padding;
    b.dilation = dilation;
    b.groups = groups;
    b.bias = bias;
    b.paddingMode = paddingMode;
    b.outputPadding = outputPadding;
    b.dtype = dtype;
    return b;
  }

  /** Returns which module this spec describes. */
  public Kind kind() {
    return kind;
  }

  /** Returns {@code in_channels}. */
  public int inChannels() {
    return inChannels;
  }

  /** Returns {@code out_channels}. */
  public int outChannels() {
    return outChannels;
  }

  /** Returns {@code kernel_size}. */
  public int kernelSize() {
    return kernelSize;
  }

  /** Returns {@code stride}. */
  public int stride() {
    return stride;
  }

  /** Returns {@code padding}. */
  public Padding padding() {
    return padding;
  }

  /** Returns {@code dilation}. */
  public int dilation() {
    return dilation;
  }

  /** Returns {@code groups}. */
  public int groups() {
    return groups;
  }

  /** Returns whether the layer has a bias. */
  public boolean bias() {
    return bias;
  }

  /** Returns {@code padding_mode}. */
  public PaddingMode paddingMode() {
    return paddingMode;
  }

  /** Returns {@code output_padding} (always 0 for Conv1d). */
  public int outputPadding() {
    return outputPadding;
  }

  /** Returns the dtype of parameters, inputs and outputs. */
  public DType dtype() {
    return dtype;
  }

  /** Returns whether this is a transposed convolution. */
  public boolean transposed() {
    return kind == Kind.CONV_TRANSPOSE1D;
  }

  /**
   * Returns the weight's shape: {@code (C_out, C_in/groups, k)} for Conv1d, {@code (C_in,
   * C_out/groups, k)} for ConvTranspose1d.
   *
   * @return a fresh array
   */
  public int[] weightShape() {
    return transposed()
        ? new int[] {inChannels, outChannels / groups, kernelSize}
        : new int[] {outChannels, inChannels / groups, kernelSize};
  }

  /** Returns the bias's shape {@code (C_out)}; meaningful only when {@link #bias()} is true. */
  public int[] biasShape() {
    return new int[] {outChannels};
  }

  /** Returns the span a dilated kernel covers: {@code dilation * (kernelSize - 1) + 1}. */
  public long effectiveKernelSize() {
    return (long) dilation * (kernelSize - 1) + 1;
  }

  /**
   * Returns the padding added before the input: the explicit amount, {@code total / 2} for {@code
   * same} (total = {@code dilation * (kernelSize - 1)}), 0 for {@code valid}.
   *
   * <p>In 64 bits, as {@link #effectiveKernelSize()}: {@code same} at dilation {@code 2^30} with 5
   * taps pads {@code 2^31} on each side, which PyTorch accepts.
   *
   * @return the left padding
   */
  public long padLeft() {
    switch (padding.kind()) {
      case SAME:
        return (long) dilation * (kernelSize - 1) / 2;
      case VALID:
        return 0;
      default:
        return padding.amount();
    }
  }

  /** Returns the padding added after the input; for {@code same} it gets the odd extra element. */
  public long padRight() {
    if (padding.kind() == Padding.Kind.SAME) {
      long total = (long) dilation * (kernelSize - 1);
      return total - total / 2;
    }
    return padLeft();
  }

  /**
   * Checks an input shape against this spec and returns the output shape, refusing what PyTorch
   * refuses in the forward pass: a rank other than 2 or 3, a channel count other than C_in, an
   * empty length, a padding the mode cannot fill from this length, a kernel longer than the padded
   * input, an output shorter than 1.
   *
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @return {@code (N, C_out, L_out)} or {@code (C_out, L_out)}
   * @throws InvalidArgumentException naming {@code input}
   */
  public int[] outputShape(int[] inputShape) {
    return outputShape(inputShape, outputPadding);
  }

  /**
   * As {@link #outputShape(int[])}, with an explicit output padding for ConvTranspose1d (the one
   * {@link #outputPaddingFor} derives from a requested output size).
   *
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param outputPaddingOverride the output padding to use (ignored for Conv1d)
   * @return the output shape
   */
  public int[] outputShape(int[] inputShape, int outputPaddingOverride) {
    return OutputLength.outputShape(this, inputShape, outputPaddingOverride);
  }

  /**
   * Derives the output padding that makes a ConvTranspose1d produce {@code outputSize} elements, as
   * PyTorch's {@code _output_padding} does: the size must lie in {@code [min, min + stride - 1]}
   * where {@code min} is the length with output padding 0.
   *
   * @param inputLength L
   * @param outputSize the requested output length
   * @return the output padding to use
   * @throws InvalidArgumentException naming {@code outputSize} when it is out of range
   */
  public int outputPaddingFor(int inputLength, int outputSize) {
    return OutputLength.outputPaddingFor(this, inputLength, outputSize);
  }

  /**
   * Checks a weight's shape and dtype against this spec.
   *
   * @param weight the weight
   * @throws InvalidArgumentException naming {@code weight}, with the expected and the actual shape
   */
  public void checkWeight(Tensor weight) {
    checkParameter("weight", weight, weightShape(), weightShapeLabel());
  }

  /**
   * Checks a bias against this spec: {@code null} exactly when the layer has no bias, else shape
   * {@code (C_out)} and this spec's dtype.
   *
   * @param bias the bias, or {@code null}
   * @throws InvalidArgumentException naming {@code bias}
   */
  public void checkBias(Tensor bias) {
    if (!this.bias) {
      if (bias != null) {
        throw new InvalidArgumentException(
            "bias", "bias must be absent because the layer was built with bias=false");
      }
      return;
    }
    if (bias == null) {
      throw new InvalidArgumentException(
          "bias", "bias is required because the layer was built with bias=true");
    }
    checkParameter("bias", bias, biasShape(), "(outChannels)");
  }

  /**
   * Names the weight's dimensions, e.g. {@code (outChannels, inChannels/groups, kernelSize)}.
   *
   * @return the label used in messages
   */
  public String weightShapeLabel() {
    return transposed()
        ? "(inChannels, outChannels/groups, kernelSize)"
        : "(outChannels, inChannels/groups, kernelSize)";
  }

  private void checkParameter(String name, Tensor value, int[] expected, String label) {
    if (!Arrays.equals(value.shape(), expected)) {
      throw new InvalidArgumentException(
          name,
          name
              + " shape must be "
              + Arrays.toString(expected)
              + " "
              + label
              + " but was "
              + Arrays.toString(value.shape()));
    }
    checkDType(name, value.dtype());
  }

  @Override
  public String typeName() {
    return kind.torchName();
  }

  /**
   * Returns PyTorch's {@code extra_repr}: the channels, the kernel size and stride, and the
   * non-default arguments, e.g. {@code 2, 1, kernel_size=(2,), stride=(1,)}.
   */
  @Override
  public String extraRepr() {
    StringBuilder s = new StringBuilder();
    s.append(inChannels).append(", ").append(outChannels);
    s.append(", kernel_size=(")
        .append(kernelSize)
        .append(",), stride=(")
        .append(stride)
        .append(",)");
    if (padding.kind() != Padding.Kind.EXPLICIT || padding.amount() != 0) {
      s.append(", padding=").append(padding.torchRepr());
    }
    if (dilation != 1) {
      s.append(", dilation=(").append(dilation).append(",)");
    }
    if (outputPadding != 0) {
      s.append(", output_padding=(").append(outputPadding).append(",)");
    }
    if (groups != 1) {
      s.append(", groups=").append(groups);
    }
    if (!bias) {
      s.append(", bias=False");
    }
    if (paddingMode != PaddingMode.ZEROS) {
      s.append(", padding_mode=").append(paddingMode.torchName());
    }
    return s.toString();
  }

  @Override
  public ConvSpec withDType(DType value) {
    return toBuilder().dtype(value).build();
  }

  @Override
  public List<String> parameterNames() {
    return bias ? List.of("weight", "bias") : List.of("weight");
  }

  @Override
  public int[] parameterShape(String name) {
    if ("weight".equals(name)) {
      return weightShape();
    }
    if ("bias".equals(name) && bias) {
      return biasShape();
    }
    return ModuleSpec.super.parameterShape(name);
  }

  /**
   * Returns PyTorch's repr of the module, e.g. {@code Conv1d(2, 1, kernel_size=(2,), stride=(1,))}.
   */
  @Override
  public String toString() {
    return repr();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ConvSpec)) {
      return false;
    }
    ConvSpec o = (ConvSpec) other;
    return kind == o.kind
        && inChannels == o.inChannels
        && outChannels == o.outChannels
        && kernelSize == o.kernelSize
        && stride == o.stride
        && padding.equals(o.padding)
        && dilation == o.dilation
        && groups == o.groups
        && bias == o.bias
        && paddingMode == o.paddingMode
        && outputPadding == o.outputPadding
        && dtype == o.dtype;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        kind,
        inChannels,
        outChannels,
        kernelSize,
        stride,
        padding,
        dilation,
        groups,
        bias,
        paddingMode,
        outputPadding,
        dtype);
  }
}
