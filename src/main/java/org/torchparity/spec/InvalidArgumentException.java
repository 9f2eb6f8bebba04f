package org.torchparity.spec;

/**
 * A caller passed a value that PyTorch (or torch-parity, where noted) refuses: a layer argument, a
 * tensor shape or dtype, a parameter value. The message names the argument, what was expected and
 * what came, e.g. {@code weight shape must be [8, 2, 3] (outChannels, inChannels/groups,
 * kernelSize) but was [8, 4, 3]}.
 */
public class InvalidArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String argument;

  /**
   * Creates the exception.
   *
   * @param argument the name of the offending argument, as the API spells it ({@code groups},
   *     {@code input}, {@code weight})
   * @param message the whole message: argument, expected value, actual value
   */
  public InvalidArgumentException(String argument, String message) {
    super(message);
    this.argument = argument;
  }

  /**
   * Returns the name of the offending argument.
   *
   * @return the argument's name, e.g. {@code padding}
   */
  public String argument() {
    return argument;
  }
}
