package org.torchparity.cli;

/**
 * The command-line tool's exit codes, the same for every command (asserted per command by {@code
 * ExitCodesTest}).
 */
public final class ExitCodes {
  /** Everything held. */
  public static final int OK = 0;

  /**
   * The tool could not do its job: the engine could not start or lacks the device asked for, a
   * report could not be written, an internal error. Only this code comes with the hint to run again
   * with {@code --verbose}.
   */
  public static final int INTERNAL_ERROR = 1;

  /**
   * Usage or bad input, found before any work starts: an unknown option, a value out of its range,
   * a missing path, a file that is not a case file, an output path that cannot be written.
   */
  public static final int USAGE = 2;

  /** The tool ran and found a failure: a parity case, or soak's memory growth. */
  public static final int PARITY_FAILED = 3;

  private ExitCodes() {}
}
