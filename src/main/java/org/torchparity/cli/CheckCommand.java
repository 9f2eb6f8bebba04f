package org.torchparity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.io.CaseFormatException;
import org.torchparity.io.CaseReader;
import org.torchparity.io.ParityCase;
import org.torchparity.parity.Budget;
import org.torchparity.parity.CaseChecker;
import org.torchparity.parity.CaseResult;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Containment;
import org.torchparity.parity.EngineKernel;
import org.torchparity.parity.LayerInitializer;
import org.torchparity.parity.ReferenceKernel;
import org.torchparity.parity.ReportFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code check PATH...}: runs PyTorch case files on the engine and on the reference and compares
 * both with what PyTorch recorded.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check torch-parity-case/2 (and /1) files (or directories of them, recursively) against the engine"
          + " and the pure-Java reference.",
      "Prints one PASS/FAIL/SKIP line per case; for a model recorded with"
          + " parity-tests/record_model.py, a table of its calls in call order closed by the first"
          + " divergence; then 'N passed, N failed, N skipped'. Exits 0 when"
          + " nothing failed, 3 when something did, 2 when a path is missing, holds no case"
          + " files or names a file that is not a case file."
    })
final class CheckCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Case files or directories.")
  List<Path> paths;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description =
          "Also write the results as JSON. Its folder must exist; FILE must not be a symbolic"
              + " link; checked before any case runs.")
  Path json;

  @Option(
      names = "--max-elements",
      paramLabel = "N",
      converter = OptionLimits.PositiveLong.class,
      description =
          "Skip a case whose layer holds more tensor elements than this (default: ${DEFAULT-VALUE}).")
  long maxElements = Budget.DEFAULT.maxElements();

  @Option(
      names = "--max-multiply-adds",
      paramLabel = "N",
      converter = OptionLimits.PositiveLong.class,
      description =
          "Skip a case whose layer forms more multiply-adds than this, forward and backward"
              + " (default: ${DEFAULT-VALUE}).")
  long maxMultiplyAdds = Budget.DEFAULT.maxMultiplyAdds();

  @Option(
      names = "--report",
      paramLabel = "DIR",
      description =
          "Also write report.md and report.html into DIR (created if missing; its parent must"
              + " exist): per recorded model, the calls in call order with both kernels' errors,"
              + " a chart of error by call, the modules skipped and the first divergence.")
  Path report;

  @Option(
      names = "--torchscript",
      paramLabel = "MODEL.pt",
      description =
          "Instead of the cases, load this TorchScript export through DJL's PyTorch engine, run"
              + " the recording's whole-model input (model.input, kept by record_model.py) through"
              + " it and compare with the recorded eager model.output. PATH is the recording's"
              + " folder. Exits 0 on PASS, 3 on FAIL, 2 when the file is not TorchScript or the"
              + " recording has no model.input / model.output.")
  Path torchscript;

  @Mixin DeviceOption deviceOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (torchscript != null) {
      return checkTorchScript();
    }
    List<Path> files = validatedInput();
    DeviceSpec target = deviceOption.checked();
    PrintWriter out = spec.commandLine().getOut();
    CaseReader reader = new CaseReader();
    CaseChecker checker =
        new CaseChecker(
            List.of(new EngineKernel(target), new ReferenceKernel()),
            new LayerInitializer(target),
            new Budget(maxElements, maxMultiplyAdds));
    List<CaseResult> results = new ArrayList<>();
    List<ParityCase> recorded = new ArrayList<>();
    Map<ParityCase, CaseResult> recordedResults = new java.util.HashMap<>();
    Map<ParityCase, Long> recordedNanos = new java.util.HashMap<>();
    for (Path file : files) {
      CaseResult result;
      long started = System.nanoTime();
      try {
        ParityCase c = reader.read(file);
        Containment.Outcome<CaseResult> outcome = Containment.run(() -> checker.check(c));
        result =
            outcome.failure() == null
                ? outcome.value()
                : new CaseResult(
                    c.name(),
                    c.file(),
                    CaseResult.Status.FAIL,
                    "unexpected " + outcome.failure().thrown(),
                    Map.of());
        if (c.model() != null) {
          recorded.add(c);
          recordedResults.put(c, result);
          recordedNanos.put(c, System.nanoTime() - started);
        }
      } catch (IOException e) {
        result =
            new CaseResult(
                file.getFileName().toString(),
                file.toString(),
                CaseResult.Status.FAIL,
                "unreadable: " + Main.oneLine(e),
                Map.of());
      }
      results.add(result);
      out.println(result.line());
      out.flush();
    }
    RecordingReport recordings = RecordingReport.of(recorded, recordedResults, recordedNanos);
    Recordings.print(recordings, out);
    long passed = count(results, CaseResult.Status.PASS);
    long failed = count(results, CaseResult.Status.FAIL);
    long skipped = count(results, CaseResult.Status.SKIP);
    out.printf("%d passed, %d failed, %d skipped%n", passed, failed, skipped);
    out.flush();
    if (json != null) {
      writeJson(results, passed, failed, skipped, recordings);
    }
    if (report != null) {
      List<Path> written =
          RecordingReportWriter.write(
              report, recordings, results, new XChartRecordingCharts(), "check " + quoted(paths));
      out.println("report: " + String.join(", ", written.stream().map(Path::toString).toList()));
      out.flush();
    }
    return failed == 0 ? ExitCodes.OK : ExitCodes.PARITY_FAILED;
  }

  private int checkTorchScript() throws IOException {
    CommandLine cli = spec.commandLine();
    if (json != null) {
      String problem = ReportFiles.fileProblem(json);
      if (problem != null) {
        throw new CommandLine.ParameterException(cli, "--json: " + problem);
      }
    }
    TorchScriptCheck.Result r = TorchScriptCheck.run(cli, torchscript, paths);
    TorchScriptCheck.print(r, cli.getOut());
    if (json != null) {
      Map<String, Object> ts = new LinkedHashMap<>();
      ts.put("file", r.file());
      ts.put("recording", r.recording());
      ts.put("status", r.comparison().passed() ? "PASS" : "FAIL");
      ts.put("comparison", toJson(r.comparison()));
      writeJsonRoot(Map.of("torchscript", ts));
    }
    return r.comparison().passed() ? ExitCodes.OK : ExitCodes.PARITY_FAILED;
  }

  /**
   * Everything a check needs, checked before any case runs: the {@code --json} path, the paths
   * given (each exists; together they hold at least one case file) and each file named on the
   * command line (it is a case file at all: a file that is not JSON, or not {@code
   * torch-parity-case/2} or {@code /1}, is bad input, exit 2, not a failed case).
   */
  private List<Path> validatedInput() throws IOException {
    CommandLine cli = spec.commandLine();
    if (report != null) {
      String problem = ReportFiles.problem(report, RecordingReportWriter.FILES);
      if (problem != null) {
        throw new CommandLine.ParameterException(cli, "--report: " + problem);
      }
    }
    if (json != null) {
      String problem = ReportFiles.fileProblem(json);
      if (problem != null) {
        throw new CommandLine.ParameterException(cli, "--json: " + problem);
      }
    }
    List<Path> files;
    try {
      files = CaseReader.findCases(paths);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new CommandLine.ParameterException(
          cli, "no such file or directory: '" + e.getFile() + "'");
    }
    if (files.isEmpty()) {
      throw new CommandLine.ParameterException(
          cli, "no case files (*.json) under " + quoted(paths) + "; nothing to check");
    }
    CaseReader reader = new CaseReader();
    for (Path path : paths) {
      if (Files.isRegularFile(path)) {
        try {
          reader.read(path);
        } catch (CaseFormatException e) {
          if (e.field().isEmpty() || e.field().equals("format")) {
            throw new CommandLine.ParameterException(
                cli, "not a " + CaseReader.FORMAT + " file: " + Main.oneLine(e));
          }
          // a case file with a wrong field: the check reports it as that case's FAIL
        } catch (IOException e) {
          throw new CommandLine.ParameterException(
              cli, "cannot read " + ReportFiles.describe(path, e));
        }
      }
    }
    return files;
  }

  private static String quoted(List<Path> paths) {
    return String.join(", ", paths.stream().map(p -> "'" + p + "'").toList());
  }

  private static long count(List<CaseResult> results, CaseResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  private void writeJson(
      List<CaseResult> results, long passed, long failed, long skipped, RecordingReport recordings)
      throws IOException {
    List<Map<String, Object>> cases = new ArrayList<>();
    for (CaseResult r : results) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", r.name());
      c.put("file", r.file());
      c.put("status", r.status().name());
      c.put("reason", r.reason());
      Map<String, Object> kernels = new LinkedHashMap<>();
      r.comparisons()
          .forEach(
              (kernel, quantities) -> {
                Map<String, Object> q = new LinkedHashMap<>();
                quantities.forEach((name, comparison) -> q.put(name, toJson(comparison)));
                kernels.put(kernel, q);
              });
      c.put("comparisons", kernels);
      cases.add(c);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("passed", passed);
    root.put("failed", failed);
    root.put("skipped", skipped);
    root.put("cases", cases);
    root.put("recordings", recordings.toJson());
    writeJsonRoot(root);
  }

  private void writeJsonRoot(Map<String, Object> root) throws IOException {
    // The folder was checked before the run; it is never created (a typo would make a tree).
    Path folder;
    try {
      folder = json.toAbsolutePath().getParent().toRealPath();
    } catch (IOException e) {
      throw new IOException("cannot write --json " + ReportFiles.describe(json, e), e);
    }
    ReportFiles.write(
        folder,
        json.getFileName().toString(),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
            + "\n");
  }

  private static Map<String, Object> toJson(Comparison c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("passed", c.passed());
    m.put("max_abs_error", finiteOrNull(c.maxAbsError()));
    m.put("max_rel_error", finiteOrNull(c.maxRelError()));
    m.put("mismatches", c.mismatches());
    if (!c.passed()) {
      m.put("detail", c.describe());
    }
    return m;
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
