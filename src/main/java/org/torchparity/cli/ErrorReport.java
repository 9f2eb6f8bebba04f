package org.torchparity.cli;

import java.io.PrintWriter;
import java.util.List;
import org.torchparity.spec.InvalidArgumentException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the tool reports what went wrong, always briefly on stderr:
 *
 * <ul>
 *   <li>a usage error or bad input (exit 2): one line saying what was wrong with which option or
 *       file, then {@code see 'torch-parity CMD --help'}; never the usage text itself, never a hint
 *       about stack traces;
 *   <li>an internal error (exit 1): one line, then the hint to run again with {@code --verbose},
 *       which prints the stack trace instead;
 *   <li>an {@link Error} that escaped a command ({@link StackOverflowError}, {@link
 *       OutOfMemoryError}, an {@link AssertionError} from a user's kernel outside a case): reported
 *       as an internal error, not as a raw stack trace. Inside {@code check} and {@code sweep} such
 *       errors are contained per case (see {@code parity.Containment}) and never get here.
 * </ul>
 */
final class ErrorReport {
  private static final String PREFIX = "torch-parity: error: ";

  private ErrorReport() {}

  /** picocli's parameter exception handler: one line, a pointer to the help, exit 2. */
  static int usage(ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    String message = oneLine(e);
    if (e instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message += " (did you mean " + String.join(" or ", suggestions) + "?)";
      }
    }
    err.println(PREFIX + message);
    err.println("see '" + cli.getCommandSpec().qualifiedName() + " --help'");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** picocli's execution exception handler: bad input exits 2, anything else 1. */
  static int execution(Exception e, CommandLine cli, ParseResult parseResult) {
    if (e instanceof InvalidArgumentException) {
      PrintWriter err = cli.getErr();
      err.println(PREFIX + oneLine(e));
      err.flush();
      return ExitCodes.USAGE;
    }
    return internal(e, cli, parseResult);
  }

  /**
   * The execution strategy: picocli's {@link CommandLine.RunLast}, with {@link Error}s that escape
   * a command reported as internal errors instead of ending the JVM with a stack trace.
   */
  static int runContained(ParseResult parseResult) {
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (Error e) {
      CommandLine cli = last(parseResult).commandSpec().commandLine();
      return internal(e, cli, parseResult);
    }
  }

  private static int internal(Throwable e, CommandLine cli, ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    err.println(PREFIX + describe(e));
    if (verbose(parseResult)) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return ExitCodes.INTERNAL_ERROR;
  }

  private static String describe(Throwable e) {
    if (e instanceof OutOfMemoryError) {
      return "out of memory ("
          + oneLine(e)
          + "); give the JVM more heap (java -Xmx...) or choose smaller option values";
    }
    if (e instanceof Error) {
      return e.getClass().getSimpleName() + ": " + oneLine(e);
    }
    return oneLine(e);
  }

  private static ParseResult last(ParseResult result) {
    ParseResult r = result;
    while (r.subcommand() != null) {
      r = r.subcommand();
    }
    return r;
  }

  private static boolean verbose(ParseResult result) {
    for (ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace('\n', ' ').replace('\r', ' ');
  }
}
