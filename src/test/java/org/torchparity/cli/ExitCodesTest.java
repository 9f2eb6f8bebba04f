package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.TorchEngine;
import picocli.CommandLine;

/**
 * Every command's exit-code table, as the README documents it: 0 everything held, 3 a case (or
 * soak's memory check) failed, 2 usage or bad input, 1 internal error. Internal errors are provoked
 * with a CUDA device the bundled CPU libtorch cannot provide, or (soak) with a system that cannot
 * report RSS. {@code bench} has no failing verdict and no input file, and no internal error it can
 * be driven into in-process.
 */
class ExitCodesTest {
  private static final String PASSING = "src/test/resources/cases/hand-edited";
  private static final String FAILING = "src/test/resources/cases/broken";
  private static final String WEIGHTS = "src/test/resources/torch-save/";
  private static final String BROKEN_KERNEL = "org.torchparity.examples.DilationIgnoringKernel";

  /** One row of a command's table. */
  record Row(String command, String what, int code, Consumer<CommandLine> setup, String... args) {
    @Override
    public String toString() {
      return command + ": " + what + " -> " + code + "  " + String.join(" ", args);
    }

    boolean needsCudaMissing() {
      return Arrays.asList(args).contains("cuda:0");
    }
  }

  private static Row row(String what, int code, String... args) {
    return new Row(args[0], what, code, cli -> {}, args);
  }

  private static Consumer<CommandLine> rss(double... readings) {
    int[] next = {0};
    return cli -> {
      SoakCommand soak = cli.getSubcommands().get("soak").getCommand();
      soak.rss = () -> readings[Math.min(next[0]++, readings.length - 1)];
    };
  }

  static Stream<Row> rows() {
    return Stream.of(
        row("ok", ExitCodes.OK, "notebook"),
        row("bad option", ExitCodes.USAGE, "notebook", "--device", "tpu"),
        row("internal error", ExitCodes.INTERNAL_ERROR, "notebook", "--device", "cuda:0"),
        row("ok", ExitCodes.OK, "info"),
        row("bad option", ExitCodes.USAGE, "info", "--jsn"),
        row("internal error", ExitCodes.INTERNAL_ERROR, "info", "--device", "cuda:0"),
        row("ok", ExitCodes.OK, "check", PASSING),
        row("a failing case", ExitCodes.PARITY_FAILED, "check", FAILING),
        row("bad option", ExitCodes.USAGE, "check", "--device", "tpu", PASSING),
        row("no path", ExitCodes.USAGE, "check"),
        row("missing path", ExitCodes.USAGE, "check", "no/such/case.json"),
        row("not a case file", ExitCodes.USAGE, "check", "README.md"),
        row("json into a file's folder", ExitCodes.USAGE, "check", PASSING, "--json", "pom.xml/x"),
        row("internal error", ExitCodes.INTERNAL_ERROR, "check", "--device", "cuda:0", PASSING),
        row("ok", ExitCodes.OK, "sweep", "--count", "5", "--seed", "1"),
        row(
            "a failing case",
            ExitCodes.PARITY_FAILED,
            "sweep",
            "--count",
            "60",
            "--seed",
            "5",
            "--layer",
            "conv1d",
            "--kernel",
            BROKEN_KERNEL),
        row("bad option", ExitCodes.USAGE, "sweep", "--count", "0"),
        row("unknown kernel", ExitCodes.USAGE, "sweep", "--kernel", "com.example.NoSuch"),
        row("report into a file", ExitCodes.USAGE, "sweep", "--count", "5", "--report", "pom.xml"),
        row("internal error", ExitCodes.INTERNAL_ERROR, "sweep", "--device", "cuda:0"),
        new Row("soak", "ok", ExitCodes.OK, rss(500), "soak", "--calls", "20", "--warmup", "0"),
        new Row(
            "soak",
            "rss grew past the threshold",
            ExitCodes.PARITY_FAILED,
            rss(500, 500, 600),
            "soak",
            "--calls",
            "20",
            "--warmup",
            "0"),
        row("bad option", ExitCodes.USAGE, "soak", "--calls", "0"),
        new Row("soak", "no RSS on this system", ExitCodes.INTERNAL_ERROR, rss(-1), "soak"),
        row("internal error", ExitCodes.INTERNAL_ERROR, "soak", "--device", "cuda:0"),
        row(
            "ok",
            ExitCodes.OK,
            "bench",
            "--json",
            "--cases",
            "tiny",
            "--impls",
            "reference",
            "--seconds",
            "0.05",
            "--warmup",
            "0"),
        row("bad option", ExitCodes.USAGE, "bench", "--seconds", "Infinity"),
        row("unknown case", ExitCodes.USAGE, "bench", "--cases", "huge"),
        row("ok", ExitCodes.OK, "weights", "show", WEIGHTS + "sequential.pt"),
        row("no command", ExitCodes.USAGE, "weights"),
        row("bad option", ExitCodes.USAGE, "weights", "show", "--kee", "x", "y.pt"),
        row("missing file", ExitCodes.USAGE, "weights", "show", "no/such.pt"),
        row("hostile file", ExitCodes.USAGE, "weights", "show", WEIGHTS + "hostile/os_system.pt"),
        row(
            "unknown extension",
            ExitCodes.USAGE,
            "weights",
            "convert",
            WEIGHTS + "list.pt",
            "x.h5"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void exitsAsDocumented(Row row) {
    if (row.needsCudaMissing()) {
      assumeTrue(
          TorchEngine.get().info().cudaDevices() == 0,
          "a CUDA device is present: the missing-device error cannot be provoked");
    }
    CliRunner.Result r = CliRunner.run(row.setup(), row.args());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(row.code());
    if (row.code() == ExitCodes.USAGE || row.code() == ExitCodes.INTERNAL_ERROR) {
      assertThat(r.err()).startsWith("torch-parity: ").doesNotContain("\tat ");
      assertThat(r.err().contains("--verbose"))
          .as("the --verbose hint follows internal errors only: " + r.err())
          .isEqualTo(row.code() == ExitCodes.INTERNAL_ERROR);
    }
  }
}
