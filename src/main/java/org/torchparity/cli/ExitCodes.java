package org.torchparity.cli;

/** The command-line tool's exit codes. */
public final class ExitCodes {
  /** Everything held. */
  public static final int OK = 0;

  /** The tool could not do its job: engine failure, unreadable file, internal error. */
  public static final int INTERNAL_ERROR = 1;

  /** The command line was wrong: unknown option, bad value. */
  public static final int USAGE = 2;

  /** The tool ran and found a parity failure. */
  public static final int PARITY_FAILED = 3;

  private ExitCodes() {}
}
