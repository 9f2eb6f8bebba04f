package org.torchparity.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.io.CaseWriter;
import org.torchparity.parity.CaseResult;
import org.torchparity.parity.ConfigurationGenerator;
import org.torchparity.parity.ConvKernel;
import org.torchparity.parity.EngineKernel;
import org.torchparity.parity.ReferenceKernel;
import org.torchparity.parity.ShrunkFailure;
import org.torchparity.parity.Sweep;
import org.torchparity.parity.SweepReport;
import org.torchparity.parity.SweepReportWriter;
import org.torchparity.parity.SweepResult;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sweep}: checks a kernel against the engine over seeded random configurations, shrinks the
 * first failure and prints it as Java and as a case file. Without {@code --kernel} the pure-Java
 * reference is the candidate, so the sweep checks the engine and the reference against each other.
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Check a kernel against the engine (libtorch through DJL) over seeded random valid"
          + " configurations: both layers, every option, both dtypes, batch 0..N, unbatched"
          + " inputs, input and weight magnitudes 1e-3, 1 and 1e3.",
      "The candidate passes a configuration when its output is within the dtype's tolerance of"
          + " the engine's. The first failure is shrunk to a smallest failing configuration and"
          + " printed as Java and as a torch-parity-case/1 file.",
      "Without --kernel the candidate is the pure-Java reference: the sweep checks the engine"
          + " and the reference against each other.",
      "Exits 0 when every compared configuration held, 3 when one did not, 2 on a bad option."
    })
final class SweepCommand implements Callable<Integer> {
  @Option(
      names = "--count",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Configurations to check (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Seed of the sweep (default: a random one, printed so it can be reused).")
  Long seed;

  @Option(
      names = "--kernel",
      paramLabel = "NAME|CLASS",
      description =
          "The kernel to check: the name of a kernel registered for ServiceLoader (such as"
              + " im2col), or a class on the classpath implementing"
              + " org.torchparity.parity.ConvKernel with a public no-argument constructor"
              + " (default: the pure-Java reference).")
  String kernel;

  @Option(
      names = "--layer",
      defaultValue = "all",
      paramLabel = "LAYER",
      description = "conv1d, conv_transpose1d or all (default: ${DEFAULT-VALUE}).")
  String layer;

  @Option(
      names = "--dtype",
      defaultValue = "all",
      paramLabel = "DTYPE",
      description = "float32, float64 or all (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(
      names = "--max-batch",
      defaultValue = "3",
      paramLabel = "N",
      description = "Largest batch drawn; 0 is drawn too (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(
      names = "--max-extra-length",
      defaultValue = "12",
      paramLabel = "L",
      description =
          "How far beyond the shortest valid length an input may reach (default:"
              + " ${DEFAULT-VALUE}).")
  int maxExtraLength;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Write report.json, report.md and report.html (with charts) into DIR, and the shrunk"
              + " failure as smallest-failure.json.")
  Path report;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "Engine device: cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    if (count < 1) {
      throw new CommandLine.ParameterException(cli, "--count must be at least 1 but was " + count);
    }
    if (maxBatch < 0) {
      throw new CommandLine.ParameterException(
          cli, "--max-batch must be at least 0 but was " + maxBatch);
    }
    if (maxExtraLength < 0) {
      throw new CommandLine.ParameterException(
          cli, "--max-extra-length must be at least 0 but was " + maxExtraLength);
    }
    Set<ConvSpec.Kind> kinds = kinds(cli, layer);
    Set<DType> dtypes = dtypes(cli, dtype);
    ConvKernel candidate =
        kernel == null ? new ReferenceKernel() : new KernelLoader(cli).load(kernel);
    DeviceSpec target = DeviceSpec.parse(device);
    ConvKernel engine = new EngineKernel(target);
    String libtorch = libtorchVersion();
    long sweepSeed = seed != null ? seed : new SplittableRandom().nextLong();

    Sweep sweep =
        new Sweep(
            candidate,
            engine,
            libtorch,
            kernel == null ? null : new ReferenceKernel(),
            new ConfigurationGenerator(kinds, dtypes, maxBatch, maxExtraLength));
    PrintWriter out = cli.getOut();
    out.printf(
        "sweep: %d configurations from seed %d: candidate '%s' against the engine (libtorch %s"
            + " on %s)%s%n",
        count,
        sweepSeed,
        candidate.name(),
        libtorch,
        target,
        kernel == null ? ", the pure-Java reference checked against the engine" : "");
    out.flush();

    SweepReport result;
    try (Progress progress = Progress.start(count, candidate.name())) {
      result = sweep.run(sweepSeed, count, progress);
    }

    out.println();
    out.print(result.summaryTable());
    ShrunkFailure shrunk = result.shrunk();
    int compared = result.passed() + result.failed();
    if (shrunk != null) {
      printFailure(out, result, shrunk);
    } else if (compared == 0) {
      out.printf(
          "NOTHING COMPARED: %s supports none of the %d configurations (all skipped).%n",
          candidate.name(), count);
    } else {
      out.printf(
          "PASS: %s agreed with the engine on all %d compared configurations.%n",
          candidate.name(), compared);
    }
    if (report != null) {
      List<Path> files =
          SweepReportWriter.write(result, report, command(sweepSeed), new XChartSweepCharts());
      out.println("report: " + String.join(", ", files.stream().map(Path::toString).toList()));
    }
    out.flush();
    return result.held() ? ExitCodes.OK : ExitCodes.PARITY_FAILED;
  }

  private void printFailure(PrintWriter out, SweepReport result, ShrunkFailure shrunk) {
    SweepResult first = shrunk.first();
    out.printf(
        "FAIL: %d of %d compared configurations disagree with the engine.%n",
        result.failed(), result.passed() + result.failed());
    out.printf("first failure, #%d: %s%n  %s%n", first.index(), first.sweepCase(), first.message());
    out.printf("%s, to:%n  %s%n  %s%n", shrunk.headline(), shrunk.smallest(), shrunk.message());
    out.println();
    out.println("--- Java: paste into a test ---");
    out.print(shrunk.javaSnippet());
    out.println("--- torch-parity-case/1 (expected output from the engine, not from PyTorch) ---");
    out.print(CaseWriter.toJson(shrunk.toCase()));
    out.println("---");
  }

  /** The command line that reproduces this sweep. */
  private String command(long sweepSeed) {
    List<String> words = new ArrayList<>(List.of("torch-parity", "sweep"));
    words.add("--count " + count);
    words.add("--seed " + sweepSeed);
    if (kernel != null) {
      words.add("--kernel " + kernel);
    }
    if (!"all".equals(layer)) {
      words.add("--layer " + layer);
    }
    if (!"all".equals(dtype)) {
      words.add("--dtype " + dtype);
    }
    if (maxBatch != 3) {
      words.add("--max-batch " + maxBatch);
    }
    if (maxExtraLength != 12) {
      words.add("--max-extra-length " + maxExtraLength);
    }
    if (!"cpu".equals(device)) {
      words.add("--device " + device);
    }
    return String.join(" ", words);
  }

  private static Set<ConvSpec.Kind> kinds(CommandLine cli, String text) {
    switch (text) {
      case "conv1d":
        return EnumSet.of(ConvSpec.Kind.CONV1D);
      case "conv_transpose1d":
        return EnumSet.of(ConvSpec.Kind.CONV_TRANSPOSE1D);
      case "all":
        return EnumSet.allOf(ConvSpec.Kind.class);
      default:
        throw new CommandLine.ParameterException(
            cli, "--layer must be conv1d, conv_transpose1d or all but was '" + text + "'");
    }
  }

  private static Set<DType> dtypes(CommandLine cli, String text) {
    switch (text) {
      case "float32":
        return EnumSet.of(DType.FLOAT32);
      case "float64":
        return EnumSet.of(DType.FLOAT64);
      case "all":
        return EnumSet.copyOf(DType.floatingTypes());
      default:
        throw new CommandLine.ParameterException(
            cli, "--dtype must be float32, float64 or all but was '" + text + "'");
    }
  }

  private static String libtorchVersion() {
    String version = TorchEngine.get().info().libtorchVersion();
    return version == null || version.isBlank() ? "libtorch" : version;
  }

  /**
   * The progress bar: drawn on stderr only when the JVM has a console (an interactive terminal), so
   * that logs, pipes and tests see nothing of it.
   */
  private static final class Progress implements Sweep.Listener, AutoCloseable {
    private final ProgressBar bar;
    private int failed;
    private int skipped;

    private Progress(ProgressBar bar) {
      this.bar = bar;
    }

    static Progress start(int count, String candidate) {
      if (System.console() == null) {
        return new Progress(null);
      }
      // Kept short so that the bar itself keeps some width on an 80-column terminal.
      return new Progress(
          new ProgressBarBuilder()
              .setTaskName(candidate)
              .setInitialMax(count)
              .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
              .setUpdateIntervalMillis(200)
              .showSpeed()
              .build());
    }

    @Override
    public void checked(SweepResult result) {
      if (result.status() == CaseResult.Status.FAIL) {
        failed++;
      } else if (result.status() == CaseResult.Status.SKIP) {
        skipped++;
      }
      if (bar != null) {
        bar.step();
        if (result.status() != CaseResult.Status.PASS) {
          bar.setExtraMessage(" " + failed + " failed, " + skipped + " skipped");
        }
      }
    }

    @Override
    public void shrinking(SweepResult failure) {
      if (bar != null) {
        bar.setExtraMessage(" shrinking #" + failure.index());
        bar.refresh();
      }
    }

    @Override
    public void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
