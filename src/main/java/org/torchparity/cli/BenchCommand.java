package org.torchparity.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.torchparity.bench.BenchCase;
import org.torchparity.bench.BenchReport;
import org.torchparity.bench.BenchRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the facade, raw DJL, the pure-Java reference and PyTorch eager timed side by side
 * in one run; see BENCHMARKS.md for what each figure means.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time the facade, raw DJL (defaults, in a child JVM), the pure-Java reference and PyTorch"
          + " eager (when python3 has torch) side by side, and print medians, GFLOP/s, speed-ups"
          + " and RSS.",
      "Extras: facade-ndarray (the facade on native arrays), facade-buffer (the facade on"
          + " direct ByteBuffers), djl-recipe (raw DJL in this JVM,"
          + " with the memory recipe), python-tuned (PyTorch with glibc's allocator tuned),"
          + " facade-scripted (the module tree compiled to one TorchScript graph by ScriptedModel)."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--cases",
      description =
          "Comma-separated cases: tiny, medium, large, depthwise, dilated, transpose, backward,"
              + " all or none (default: all); whole models: model-audio, model-resnet,"
              + " model-separation, or models.",
      defaultValue = "all",
      converter = OptionLimits.BenchCases.class)
  String cases;

  @Option(
      names = "--impls",
      description =
          "Comma-separated implementations: facade, djl, reference, python, facade-ndarray,"
              + " facade-buffer, djl-recipe, python-tuned, torchscript (model cases), facade-scripted,"
              + " facade-scripted-folded (BatchNorm folded: changes the arithmetic), or all"
              + " (default: all).",
      defaultValue = "all",
      converter = OptionLimits.BenchImpls.class)
  String impls;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      description =
          "Measuring time per case and implementation, in seconds: above 0, at most "
              + (long) OptionLimits.BENCH_MAX_SECONDS
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "2",
      converter = OptionLimits.BenchSeconds.class)
  double seconds;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      description =
          "Warm-up time per case and implementation, time-boxed, 0 to "
              + (long) OptionLimits.BENCH_MAX_SECONDS
              + " seconds (default: as --seconds).",
      converter = OptionLimits.BenchWarmup.class)
  Double warmup;

  @Option(
      names = "--threads",
      description =
          "libtorch intra-op threads for every implementation that uses libtorch, 0 to "
              + OptionLimits.BENCH_MAX_THREADS
              + "; 0 keeps libtorch's (one per physical core) (default: ${DEFAULT-VALUE}).",
      defaultValue = "0",
      converter = OptionLimits.BenchThreads.class)
  int threads;

  @Option(
      names = "--python",
      description = "Python interpreter with torch (default: ${DEFAULT-VALUE}).",
      defaultValue = "/usr/bin/python3")
  String python;

  @Option(
      names = "--scaling",
      description =
          "Also time the facade and the reference against length and batch, 4 sizes each;"
              + " with model cases, each model at 4 batch x length sizes (x1/4 to x2) with"
              + " facade-ndarray (and python-tuned when listed): ms per sample, ns per element,"
              + " peak RSS.")
  boolean scaling;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<BenchCase> selected =
        cases.trim().equalsIgnoreCase("none") ? List.of() : BenchCase.parse(cases);
    BenchRun.Options options =
        new BenchRun.Options(
            selected,
            BenchRun.Options.parseImpls(impls),
            seconds,
            warmup == null ? seconds : warmup,
            threads,
            python,
            scaling ? BenchRun.Scaling.STANDARD : null,
            false);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      BenchReport report = BenchRun.run(options, null);
      out.println(report.toJsonString());
    } else {
      BenchReport.printHeader(out);
      out.flush();
      BenchReport report = BenchRun.run(options, out);
      report.printSummary(out);
      report.printMachine(out);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
