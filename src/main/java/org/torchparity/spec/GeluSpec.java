package org.torchparity.spec;

import java.util.Map;

/**
 * {@code torch.nn.GELU(approximate='none')}: {@code x * Phi(x)} with the standard normal CDF
 * ({@code 'none'}) or its tanh approximation ({@code 'tanh'}), elementwise on any shape. PyTorch
 * 1.13 and 2.7.1 accept any string at construction and refuse one other than {@code 'none'} or
 * {@code 'tanh'} when the module is called ({@code RuntimeError: approximate argument must be
 * either none or tanh.}), so this spec holds any string and {@link #outputShape} refuses it.
 *
 * @param approximate {@code none} or {@code tanh}; any other string is refused at forward
 * @param dtype the floating dtype of inputs and outputs
 */
public record GeluSpec(String approximate, DType dtype) implements ModuleSpec {

  /** PyTorch's default, the exact (erf) form. */
  public static final String NONE = "none";

  /** The tanh approximation. */
  public static final String TANH = "tanh";

  /**
   * Validates the dtype; {@code approximate} is checked at forward, as PyTorch checks it.
   *
   * @param approximate any string
   * @param dtype float32 or float64
   */
  public GeluSpec {
    SpecChecks.notNull("approximate", approximate);
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.GELU()} in float32.
   *
   * @return the spec
   */
  public static GeluSpec of() {
    return new GeluSpec(NONE, DType.FLOAT32);
  }

  /**
   * Tells whether the module uses the tanh approximation.
   *
   * @return {@code true} for {@code approximate='tanh'}
   */
  public boolean tanh() {
    return TANH.equals(approximate);
  }

  @Override
  public String typeName() {
    return "GELU";
  }

  @Override
  public String extraRepr() {
    return "approximate=" + pythonRepr(approximate);
  }

  @Override
  public Map<String, Object> arguments() {
    return Map.of("approximate", approximate);
  }

  @Override
  public GeluSpec withDType(DType value) {
    return new GeluSpec(approximate, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    if (!NONE.equals(approximate) && !TANH.equals(approximate)) {
      throw new InvalidArgumentException(
          "approximate",
          "approximate argument must be either none or tanh but was " + pythonRepr(approximate));
    }
    Tensor.numel(inputShape);
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return repr();
  }

  /** Python's {@code repr(str)}: single quotes unless the text holds one and no double quote. */
  static String pythonRepr(String text) {
    char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder s = new StringBuilder().append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote || c == '\\') {
        s.append('\\').append(c);
      } else if (c == '\n') {
        s.append("\\n");
      } else if (c == '\r') {
        s.append("\\r");
      } else if (c == '\t') {
        s.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        s.append(String.format("\\x%02x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append(quote).toString();
  }
}
