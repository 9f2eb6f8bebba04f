package org.torchparity.cli;

import java.util.concurrent.Callable;
import org.torchparity.engine.TorchEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code java -jar torch-parity.jar}. Errors are reported in one line on stderr (see
 * {@link ErrorReport}); exit codes are in {@link ExitCodes}.
 */
@Command(
    name = "torch-parity",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "PyTorch-identical Conv1d layers on the JVM, checked against PyTorch.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every check held",
      "1:internal error: the engine could not start, a file could not be written",
      "2:usage or bad input: unknown option, value out of range, not a case file, a refused"
          + " weights file",
      "3:a case or a check failed (parity, or soak's memory growth)"
    },
    subcommands = {
      NotebookCommand.class,
      InfoCommand.class,
      CheckCommand.class,
      SweepCommand.class,
      SoakCommand.class,
      BenchCommand.class,
      WeightsCommand.class
    })
public final class Main implements Callable<Integer> {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces with internal errors.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a command there is nothing to do: a one-line hint, and the usage exit code. */
  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "torch-parity: no command given; see 'torch-parity --help' (commands: "
                + String.join(", ", spec.subcommands().keySet())
                + ")");
    spec.commandLine().getErr().flush();
    return ExitCodes.USAGE;
  }

  /**
   * Runs the tool and exits with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    configureLogging();
    chooseOffline();
    requestMemoryTuning();
    System.exit(commandLine().execute(args));
  }

  /**
   * Puts DJL in offline mode for the tool's whole run, unless the user decided ({@code
   * -Dai.djl.offline} or {@code DJL_OFFLINE}): the tool never downloads, and DJL sends no
   * telemetry. This is the tool's choice; the library sets nothing process-wide (see {@code
   * OfflineStartup} in the engine package).
   */
  static void chooseOffline() {
    if (System.getenv("DJL_OFFLINE") == null) {
      setIfAbsent("ai.djl.offline", "true");
    }
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
    cli.setParameterExceptionHandler(ErrorReport::usage);
    cli.setExecutionExceptionHandler(ErrorReport::execution);
    cli.setExecutionStrategy(ErrorReport::runContained);
    cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL_ERROR);
    return cli;
  }

  static String oneLine(Throwable e) {
    return ErrorReport.oneLine(e);
  }
}
