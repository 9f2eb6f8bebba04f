package org.torchparity.spec;

/**
 * {@code torch.nn.SELU(inplace=False)}: {@code scale * (x > 0 ? x : alpha * (exp(x) - 1))} with
 * PyTorch's constants {@link #ALPHA} and {@link #SCALE}, elementwise, any shape. {@code inplace} is
 * kept for the repr alone (torch-parity always returns a new array).
 *
 * @param inplace PyTorch's {@code inplace}, shown in the repr as {@code inplace=True}
 * @param dtype the floating dtype of inputs and outputs
 */
public record SeluSpec(boolean inplace, DType dtype) implements InplaceActivationSpec {
  /** PyTorch's {@code SELU_ALPHA} ({@code aten/src/ATen/native/Activation.cpp}). */
  public static final double ALPHA = 1.6732632423543772848170429916717;

  /** PyTorch's {@code SELU_SCALE}. */
  public static final double SCALE = 1.0507009873554804934193349852946;

  /**
   * Validates the dtype.
   *
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public SeluSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.SELU()} in float32.
   *
   * @return the spec
   */
  public static SeluSpec of() {
    return new SeluSpec(false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "SELU";
  }

  @Override
  public SeluSpec withDType(DType value) {
    return new SeluSpec(inplace, value);
  }

  @Override
  public String toString() {
    return repr();
  }
}
