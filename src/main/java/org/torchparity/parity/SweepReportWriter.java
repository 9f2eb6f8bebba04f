package org.torchparity.parity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.torchparity.io.CaseWriter;
import org.torchparity.spec.DType;

/**
 * Writes a sweep's report into a directory: {@code report.json} (every case, for tools), {@code
 * report.md} (the summary, pass rates, worst cases and the shrunk failure, for people and pull
 * requests) and {@code report.html} (the same with charts, drawn by a {@link SweepCharts} renderer
 * and embedded as PNG data URIs so that the page is one self-contained file). With a failure, the
 * shrunk case is also written as {@code smallest-failure.json}, a {@code torch-parity-case/2} file.
 */
public final class SweepReportWriter {
  /** How many rows the worst-cases tables show. */
  public static final int WORST_ROWS = 20;

  /** The case file written beside the report when something failed. */
  public static final String CASE_FILE = "smallest-failure.json";

  static final List<String> CHARTED_OPTIONS =
      List.of("layer", "dtype", "padding mode", "stride", "dilation", "groups");

  private SweepReportWriter() {}

  /** Every file a report may write: check a folder with {@link ReportFiles#problem} first. */
  public static final List<String> FILES =
      List.of(CASE_FILE, "report.json", "report.md", "report.html");

  /**
   * Writes the report files without charts: {@code write(report, dir, command, SweepCharts.NONE)}.
   */
  public static List<Path> write(SweepReport report, Path dir, String command) throws IOException {
    return write(report, dir, command, SweepCharts.NONE);
  }

  /**
   * Writes the report files, the HTML page with the charts {@code charts} draws. Nothing is written
   * through a symbolic link or outside the folder (see {@link ReportFiles}).
   *
   * @param report the sweep's report
   * @param dir the folder (created if missing; its parent must exist)
   * @param command the command line that reproduces the sweep, shown in the reports
   * @param charts draws the HTML page's charts; {@link SweepCharts#NONE} for none
   * @return the files written, under {@code dir} as given
   * @throws IOException naming the file and the cause when one cannot be written
   */
  public static List<Path> write(SweepReport report, Path dir, String command, SweepCharts charts)
      throws IOException {
    Path folder = ReportFiles.prepare(dir, FILES);
    List<Path> written = new ArrayList<>();
    if (report.shrunk() != null) {
      written.add(write(folder, dir, CASE_FILE, CaseWriter.toJson(report.shrunk().toCase())));
    }
    written.add(write(folder, dir, "report.json", json(report, command)));
    written.add(write(folder, dir, "report.md", markdown(report, command)));
    written.add(write(folder, dir, "report.html", SweepReportHtml.html(report, command, charts)));
    return written;
  }

  private static Path write(Path folder, Path dir, String name, String text) throws IOException {
    ReportFiles.write(folder, name, text);
    return dir.resolve(name);
  }

  static String verdict(SweepReport r) {
    int compared = r.passed() + r.failed();
    if (!r.held()) {
      return "FAIL: "
          + r.failed()
          + " of "
          + compared
          + " compared configurations disagree with "
          + r.baseline();
    }
    if (compared == 0) {
      return "NOTHING COMPARED: " + r.candidate() + " supports none of the configurations";
    }
    return "PASS: " + r.candidate() + " agreed with " + r.baseline() + " on all " + compared;
  }

  static String mode(SweepReport r) {
    return "Candidate `"
        + r.candidate()
        + "` against baseline `"
        + r.baseline()
        + "` ("
        + r.baselineRunsOn()
        + "), which decides"
        + (r.reference() == null ? "" : "; `" + r.reference() + "` compared for information");
  }

  // ---------------------------------------------------------------- JSON

  static String json(SweepReport r, String command) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", "torch-parity-sweep/1");
    root.put("command", command);
    root.put("seed", r.seed());
    root.put("candidate", r.candidate());
    root.put("baseline", r.baseline());
    root.put("baseline_version", r.baselineVersion());
    root.put("reference", r.reference());
    root.put("verdict", verdict(r));
    root.put("configs", r.results().size());
    root.put("passed", r.passed());
    root.put("failed", r.failed());
    root.put("skipped", r.skipped());
    root.put("elapsed_seconds", r.elapsedNanos() / 1e9);
    root.put("throughput_configs_per_second", number(r.throughput()));
    Map<String, Object> tolerances = new LinkedHashMap<>();
    for (DType dtype : DType.floatingTypes()) {
      Tolerance t = Tolerance.forDType(dtype);
      tolerances.put(
          dtype.torchName(), Map.of("rtol", t.rtol(), "atol", t.atol(), "reason", t.reason()));
    }
    root.put("tolerance", tolerances);
    List<Map<String, Object>> summaries = new ArrayList<>();
    for (SweepReport.Summary s : r.summaries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dtype", s.label());
      m.put("configs", s.configs());
      m.put("passed", s.passed());
      m.put("failed", s.failed());
      m.put("skipped", s.skipped());
      m.put("max_abs_error", number(s.maxAbsError()));
      m.put("reference_max_abs_error", number(s.referenceMaxAbsError()));
      summaries.add(m);
    }
    root.put("summary", summaries);
    Map<String, Object> rates = new LinkedHashMap<>();
    r.passRates()
        .forEach(
            (option, list) ->
                rates.put(
                    option,
                    list.stream()
                        .map(
                            x ->
                                Map.<String, Object>of(
                                    "value", x.value(),
                                    "passed", x.passed(),
                                    "compared", x.compared()))
                        .toList()));
    root.put("pass_rates", rates);
    if (r.shrunk() != null) {
      ShrunkFailure f = r.shrunk();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("headline", f.headline());
      m.put("first", f.first().sweepCase().toString());
      m.put("smallest", f.smallest().toString());
      m.put("message", f.message());
      m.put("case_file", CASE_FILE);
      m.put("java", f.javaSnippet());
      root.put("shrunk", m);
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (SweepResult x : r.results()) {
      Map<String, Object> m = new LinkedHashMap<>();
      SweepCase c = x.sweepCase();
      m.put("index", x.index());
      m.put("case_seed", x.caseSeed());
      m.put("status", x.status().name());
      m.put("module", c.spec().typeName());
      m.put("args", CaseWriter.args(c.spec()));
      if (!c.spec().children().isEmpty()) {
        m.put("children", CaseWriter.children(c.spec()));
      }
      m.put("dtype", c.spec().dtype().torchName());
      m.put("input_shape", c.inputShape());
      m.put("input_scale", c.inputScale());
      m.put("weight_scale", c.weightScale());
      m.put("data_seed", c.dataSeed());
      m.put("max_abs_error", number(x.maxAbsError()));
      m.put(
          "max_rel_error",
          number(x.vsBaseline() == null ? Double.NaN : x.vsBaseline().maxRelError()));
      m.put("tolerance_used", number(x.toleranceUsed()));
      m.put("reference_max_abs_error", number(x.referenceMaxAbsError()));
      if (!x.message().isEmpty()) {
        m.put("message", x.message());
      }
      results.add(m);
    }
    root.put("results", results);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
        + "\n";
  }

  /** A finite number as is; NaN and infinities as the case format writes them. */
  private static Object number(double v) {
    if (Double.isNaN(v)) {
      return null;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return v;
  }

  // ---------------------------------------------------------------- Markdown

  static String markdown(SweepReport r, String command) {
    StringBuilder s = new StringBuilder();
    s.append("# torch-parity sweep\n\n");
    s.append("**").append(verdict(r)).append("**\n\n");
    s.append("- ").append(mode(r)).append('\n');
    s.append("- Reproduce: `").append(command).append("`\n");
    s.append(
        String.format(
            Locale.ROOT,
            "- %d configurations in %.2f s: %.1f configs/s%n",
            r.results().size(),
            r.elapsedNanos() / 1e9,
            r.throughput()));
    s.append("- Tolerance: |candidate - baseline| <= atol + rtol |baseline|; ");
    s.append("float32 ").append(Tolerance.FLOAT32).append(", float64 ");
    s.append(Tolerance.FLOAT64).append(" (`torch.testing.assert_close` defaults)\n\n");

    s.append("## Summary\n\n");
    s.append("| dtype | configs | passed | failed | skipped | max abs error vs ")
        .append(r.baseline())
        .append(" |");
    s.append(r.reference() == null ? "\n" : " vs " + r.reference() + " |\n");
    s.append("|---|---:|---:|---:|---:|---:|").append(r.reference() == null ? "\n" : "---:|\n");
    for (SweepReport.Summary row : r.summaries()) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %s |",
              row.label(),
              row.configs(),
              row.passed(),
              row.failed(),
              row.skipped(),
              SweepReport.error(row.maxAbsError())));
      s.append(
          r.reference() == null
              ? "\n"
              : " " + SweepReport.error(row.referenceMaxAbsError()) + " |\n");
    }

    if (r.shrunk() != null) {
      ShrunkFailure f = r.shrunk();
      s.append("\n## Smallest failure\n\n");
      s.append("First failure, ").append(f.headline()).append(", to:\n\n");
      s.append("    ").append(f.smallest()).append("\n\n");
      s.append(f.message()).append("\n\n");
      s.append("As a case file: [`")
          .append(CASE_FILE)
          .append("`](")
          .append(CASE_FILE)
          .append(") (expected output from ")
          .append(r.baseline())
          .append(", not from PyTorch). As Java:\n\n");
      s.append("```java\n").append(f.javaSnippet()).append("```\n");
    }

    s.append("\n## Pass rate per option\n\n");
    s.append("Skipped configurations are not counted.\n\n");
    for (Map.Entry<String, List<SweepReport.Rate>> e : r.passRates().entrySet()) {
      s.append("| ").append(e.getKey()).append(" | passed | compared | rate |\n");
      s.append("|---|---:|---:|---:|\n");
      for (SweepReport.Rate rate : e.getValue()) {
        s.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %d | %s |%n",
                rate.value(),
                rate.passed(),
                rate.compared(),
                percent(rate)));
      }
      s.append('\n');
    }

    s.append("## Worst cases\n\n");
    s.append("Failures first, then by the share of the tolerance the worst element used.\n\n");
    s.append("| # | status | configuration | input | dtype | magnitudes | max abs error |");
    s.append(" tolerance used |").append(r.reference() == null ? "" : " vs reference |");
    s.append(" case seed |\n|---:|---|---|---|---|---|---:|---:|");
    s.append(r.reference() == null ? "" : "---:|").append("---:|\n");
    for (SweepResult x : r.worst(WORST_ROWS)) {
      SweepCase c = x.sweepCase();
      s.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | `%s` | %s | %s | %s | %s | %s |",
              x.index(),
              x.status(),
              c.spec(),
              java.util.Arrays.toString(c.inputShape()),
              c.spec().dtype().torchName(),
              magnitudes(c),
              SweepReport.error(x.maxAbsError()),
              used(x.toleranceUsed())));
      if (r.reference() != null) {
        s.append(' ').append(SweepReport.error(x.referenceMaxAbsError())).append(" |");
      }
      s.append(' ').append(x.caseSeed()).append(" |\n");
    }
    return s.toString();
  }

  static String percent(SweepReport.Rate rate) {
    return rate.compared() == 0
        ? "-"
        : String.format(Locale.ROOT, "%.1f%%", 100.0 * rate.fraction());
  }

  static String magnitudes(SweepCase c) {
    return "x "
        + SweepCase.scaleText(c.inputScale())
        + ", w "
        + SweepCase.scaleText(c.weightScale());
  }

  static String used(double u) {
    if (Double.isInfinite(u)) {
      return "inf";
    }
    return String.format(Locale.ROOT, "%.3g", u);
  }
}
