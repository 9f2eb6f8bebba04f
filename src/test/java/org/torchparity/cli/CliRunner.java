package org.torchparity.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/** Runs the command line in-process and captures what it printed. */
final class CliRunner {
  private CliRunner() {}

  static Result run(String... args) {
    return run(cli -> {}, args);
  }

  /** Runs the command line after {@code setup} has adjusted it (to replace a measurement, say). */
  static Result run(Consumer<CommandLine> setup, String... args) {
    CommandLine cli = Main.commandLine();
    setup.accept(cli);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Exit code, stdout and stderr of one run. */
  record Result(int code, String out, String err) {}
}
