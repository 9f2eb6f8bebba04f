package org.torchparity.spec;

/**
 * The {@code padding} argument of {@code torch.nn.Conv1d}: a non-negative amount added on both
 * sides, or one of the strings {@code "same"} and {@code "valid"}.
 *
 * <p>{@code "valid"} means no padding. {@code "same"} (stride 1 only) pads so that the output is as
 * long as the input: the total padding is {@code dilation * (kernelSize - 1)}, of which the left
 * side gets {@code total / 2} and the right side the rest, so an odd extra element goes on the
 * right, exactly as PyTorch's {@code _ConvNd} computes {@code _reversed_padding_repeated_twice}.
 */
public final class Padding {
  /** The three forms the argument takes. */
  public enum Kind {
    /** An explicit amount on each side. */
    EXPLICIT,
    /** {@code "same"}. */
    SAME,
    /** {@code "valid"}. */
    VALID
  }

  /** {@code padding="same"}. */
  public static final Padding SAME = new Padding(Kind.SAME, 0);

  /** {@code padding="valid"}, equivalent to zero padding. */
  public static final Padding VALID = new Padding(Kind.VALID, 0);

  /** {@code padding=0}, PyTorch's default. */
  public static final Padding NONE = new Padding(Kind.EXPLICIT, 0);

  private final Kind kind;
  private final int amount;

  private Padding(Kind kind, int amount) {
    this.kind = kind;
    this.amount = amount;
  }

  /**
   * An explicit padding on each side. Negative amounts are refused when the layer is built, not
   * here, so that the error can name the layer's other arguments.
   *
   * @param amount elements added on each side
   * @return the padding
   */
  public static Padding of(int amount) {
    return amount == 0 ? NONE : new Padding(Kind.EXPLICIT, amount);
  }

  /**
   * Parses {@code same}, {@code valid} or an integer.
   *
   * @param text the argument as written
   * @return the padding
   * @throws InvalidArgumentException for any other text
   */
  public static Padding parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    if ("same".equals(trimmed)) {
      return SAME;
    }
    if ("valid".equals(trimmed)) {
      return VALID;
    }
    try {
      return of(Integer.parseInt(trimmed));
    } catch (NumberFormatException e) {
      throw new InvalidArgumentException(
          "padding", "padding must be an integer, 'same' or 'valid' but was '" + text + "'");
    }
  }

  /**
   * Returns which form this padding takes.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the explicit amount on each side; 0 for {@code same} and {@code valid}.
   *
   * @return the amount
   */
  public int amount() {
    return amount;
  }

  /**
   * Returns how PyTorch's repr prints this padding: {@code (1,)}, {@code same}, {@code valid}.
   *
   * @return the repr fragment
   */
  public String torchRepr() {
    switch (kind) {
      case SAME:
        return "same";
      case VALID:
        return "valid";
      default:
        return "(" + amount + ",)";
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Padding
        && ((Padding) other).kind == kind
        && ((Padding) other).amount == amount;
  }

  @Override
  public int hashCode() {
    return 31 * kind.hashCode() + amount;
  }

  @Override
  public String toString() {
    return kind == Kind.EXPLICIT ? Integer.toString(amount) : torchRepr();
  }
}
