package org.torchparity.spec;

import java.util.Locale;

/**
 * How a convolution fills the positions it pads, as {@code torch.nn.Conv1d(padding_mode=...)}. For
 * an input {@code x} of length {@code L} and a padded position {@code i} outside {@code [0, L)}:
 *
 * <ul>
 *   <li>{@link #ZEROS}: 0.
 *   <li>{@link #REFLECT}: {@code x[-i]} on the left, {@code x[2(L-1)-i]} on the right (the edge is
 *       not repeated); PyTorch requires each side's padding to be smaller than {@code L}.
 *   <li>{@link #REPLICATE}: the nearest edge value; any padding, but {@code L >= 1}.
 *   <li>{@link #CIRCULAR}: {@code x[i mod L]}; PyTorch requires each side's padding to be at most
 *       {@code L} ("wrapping around more than once" is refused).
 * </ul>
 */
public enum PaddingMode {
  /** Zero padding, PyTorch's default. */
  ZEROS,
  /** Mirror padding without repeating the edge. */
  REFLECT,
  /** Edge-value padding. */
  REPLICATE,
  /** Periodic padding. */
  CIRCULAR;

  /**
   * Returns the name PyTorch uses for this mode.
   *
   * @return {@code zeros}, {@code reflect}, {@code replicate} or {@code circular}
   */
  public String torchName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses PyTorch's name for a padding mode.
   *
   * @param text {@code zeros}, {@code reflect}, {@code replicate} or {@code circular}
   * @return the mode
   * @throws InvalidArgumentException for any other text
   */
  public static PaddingMode parse(String text) {
    for (PaddingMode mode : values()) {
      if (mode.torchName().equals(text)) {
        return mode;
      }
    }
    throw new InvalidArgumentException(
        "paddingMode",
        "paddingMode must be one of zeros, reflect, replicate, circular but was '" + text + "'");
  }
}
