package org.torchparity.cli;

import java.io.PrintWriter;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.InvalidArgumentException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code java -jar torch-parity.jar}. Errors are reported in one line on stderr (the
 * stack trace only with {@code --verbose}); exit codes are in {@link ExitCodes}.
 */
@Command(
    name = "torch-parity",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "PyTorch-identical Conv1d layers on the JVM, checked against PyTorch.",
    subcommands = {
      NotebookCommand.class,
      InfoCommand.class,
      CheckCommand.class,
      SweepCommand.class,
      SoakCommand.class,
      BenchCommand.class
    })
public final class Main implements Runnable {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a subcommand, prints the usage. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    configureLogging();
    requestMemoryTuning();
    System.exit(commandLine().execute(args));
  }

  /**
   * Turns the native allocator tuning on for the tool unless the user decided (property or
   * environment variable). It must be requested before anything touches DJL: the engine reads it
   * once, before libtorch's first allocation. Without it a large convolution spends most of its
   * time in page faults; the price is that the process keeps its peak native memory.
   */
  static void requestMemoryTuning() {
    if (System.getenv(TorchEngine.MEMORY_TUNING_ENV) == null) {
      setIfAbsent(TorchEngine.MEMORY_TUNING_PROPERTY, "true");
    }
  }

  /**
   * Quiets logging before any logger exists: warnings from torch-parity, errors only from DJL
   * (which otherwise reports every probe for a CUDA driver on stderr). {@code
   * -Dorg.slf4j.simpleLogger.defaultLogLevel=debug} still wins when given.
   */
  static void configureLogging() {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.log.ai.djl", "error");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Builds the configured command line; tests call {@code execute} on it.
   *
   * @return the command line
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(Main::handleExecutionException);
    cli.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    return cli;
  }

  private static int handleExecutionException(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    boolean verbose = parseResult.hasMatchedOption("--verbose") || hasVerbose(parseResult);
    err.println("torch-parity: error: " + oneLine(e));
    if (verbose) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return e instanceof InvalidArgumentException ? ExitCodes.USAGE : ExitCodes.INTERNAL_ERROR;
  }

  private static boolean hasVerbose(CommandLine.ParseResult result) {
    for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replace('\n', ' ');
  }
}
