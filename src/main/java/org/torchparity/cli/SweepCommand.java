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
import org.torchparity.parity.EngineKernel;
import org.torchparity.parity.Layers;
import org.torchparity.parity.ParityKernel;
import org.torchparity.parity.ReferenceKernel;
import org.torchparity.parity.ReportFiles;
import org.torchparity.parity.ShrunkFailure;
import org.torchparity.parity.Sweep;
import org.torchparity.parity.SweepReport;
import org.torchparity.parity.SweepReportWriter;
import org.torchparity.parity.SweepResult;
import org.torchparity.spec.DType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
          + " configurations: every registered layer (Conv1d and ConvTranspose1d with every"
          + " option, ReLU, small Sequential chains), both dtypes, batch 0..N, unbatched"
          + " inputs, input and weight magnitudes 1e-3, 1 and 1e3.",
      "The candidate passes a configuration when its output is within the dtype's tolerance of"
          + " the engine's. The first failure is shrunk to a smallest failing configuration and"
          + " printed as a torch-parity-case/2 file and, for a convolution, as Java.",
      "Without --kernel the candidate is the pure-Java reference: the sweep checks the engine"
          + " and the reference against each other.",
      "Exits 0 when every compared configuration held, 3 when one did not, 2 on a bad option."
    })
final class SweepCommand implements Callable<Integer> {
  @Option(
      names = "--count",
      defaultValue = "1000",
      paramLabel = "N",
      converter = OptionLimits.SweepCount.class,
      description =
          "Configurations to check, 1 to "
              + OptionLimits.SWEEP_MAX_COUNT
              + " (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = "--seed",
      paramLabel = "S",
      converter = OptionLimits.Seed.class,
      description = "Seed of the sweep (default: a random one, printed so it can be reused).")
  Long seed;

  @Option(
      names = "--kernel",
      paramLabel = "NAME|CLASS",
      description =
          "The kernel to check: the name of a kernel registered for ServiceLoader (such as"
              + " im2col), or a class on the classpath implementing"
              + " org.torchparity.parity.ParityKernel (or ConvKernel) with a public no-argument constructor"
              + " (default: the pure-Java reference).")
  String kernel;

  @Option(
      names = "--layer",
      defaultValue = "all",
      paramLabel = "LAYER",
      converter = OptionLimits.Layer.class,
      description =
          "A layer's snake_case name (conv1d, conv_transpose1d, batch_norm1d, gelu,"
              + " max_pool1d, ...: all 41 registered layers; a wrong name lists them) or all"
              + " (default: ${DEFAULT-VALUE}).")
  String layer;

  @Option(
      names = "--dtype",
      defaultValue = "all",
      paramLabel = "DTYPE",
      converter = OptionLimits.Dtype.class,
      description = "float32, float64 or all (default: ${DEFAULT-VALUE}).")
  String dtype;

  @Option(
      names = "--max-batch",
      defaultValue = "3",
      paramLabel = "N",
      converter = OptionLimits.SweepMaxBatch.class,
      description =
          "Largest batch drawn, 0 to "
              + OptionLimits.SWEEP_MAX_BATCH
              + "; 0 is drawn too (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(
      names = "--max-extra-length",
      defaultValue = "12",
      paramLabel = "L",
      converter = OptionLimits.SweepMaxExtraLength.class,
      description =
          "How far beyond the shortest valid length an input may reach, 0 to "
              + OptionLimits.SWEEP_MAX_EXTRA_LENGTH
              + " (default: ${DEFAULT-VALUE}).")
  int maxExtraLength;

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Write report.json, report.md and report.html (with charts) into DIR, and the shrunk"
              + " failure as smallest-failure.json. DIR is created if missing (its parent must"
              + " exist); checked before the sweep starts; files are never written through"
              + " symbolic links.")
  Path report;

  @Mixin DeviceOption deviceOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    CommandLine cli = spec.commandLine();
    if (report != null) {
      String problem = ReportFiles.problem(report, SweepReportWriter.FILES);
      if (problem != null) {
        throw new CommandLine.ParameterException(cli, "--report: " + problem);
      }
    }
    List<String> layers = "all".equals(layer) ? Layers.sweepable() : List.of(layer);
    Set<DType> dtypes = dtypes(dtype);
    ParityKernel candidate =
        kernel == null ? new ReferenceKernel() : new KernelLoader(cli).load(kernel);
    DeviceSpec target = deviceOption.checked();
    ParityKernel engine = new EngineKernel(target);
    String libtorch = libtorchVersion();
    String candidateName = Sweep.kernelName(candidate);
    long sweepSeed = seed != null ? seed : new SplittableRandom().nextLong();

    Sweep sweep =
        new Sweep(
            candidate,
            engine,
            libtorch,
            kernel == null ? null : new ReferenceKernel(),
            new ConfigurationGenerator(layers, dtypes, maxBatch, maxExtraLength));
    PrintWriter out = cli.getOut();
    out.printf(
        "sweep: %d configurations from seed %d: candidate '%s' against the engine (libtorch %s"
            + " on %s)%s%n",
        count,
        sweepSeed,
        candidateName,
        libtorch,
        target,
        kernel == null ? ", the pure-Java reference checked against the engine" : "");
    out.flush();

    SweepReport result;
    try (Progress progress = Progress.start(count, candidateName)) {
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
          candidateName, count);
    } else {
      out.printf(
          "PASS: %s agreed with the engine on all %d compared configurations.%n",
          candidateName, compared);
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
    if (shrunk.hasJavaSnippet()) {
      out.println("--- Java: paste into a test ---");
    } else {
      out.println("--- Java: none for " + shrunk.smallest().spec().typeName() + " ---");
    }
    out.print(shrunk.javaSnippet());
    out.println("--- torch-parity-case/2 (expected output from the engine, not from PyTorch) ---");
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
      words.add("--layer " + OptionLimits.Layer.snakeCase(layer));
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
    if (deviceOption.device.isCuda()) {
      words.add("--device " + deviceOption.device);
    }
    return String.join(" ", words);
  }

  private static Set<DType> dtypes(String text) {
    switch (text) {
      case "float32":
        return EnumSet.of(DType.FLOAT32);
      case "float64":
        return EnumSet.of(DType.FLOAT64);
      default: // "all": OptionLimits.Dtype allows nothing else
        return EnumSet.copyOf(DType.floatingTypes());
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
