package org.torchparity.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.torchparity.io.ParityCase;
import org.torchparity.parity.CaseResult;
import org.torchparity.parity.Comparison;

/**
 * What {@code check} found in recorded models (cases with {@code model}, {@code path} and {@code
 * call}, as {@code record_model.py} writes them): per recording, its calls in call order with the
 * engine's and the reference's largest errors, its whole-model and block cases, the modules skipped
 * and the first call that diverged. The text table, the report pages and the JSON are all drawn
 * from this one value.
 *
 * @param recordings one entry per recording, by name
 */
record RecordingReport(List<Recording> recordings) {

  /** The kernels the table shows, in column order. */
  static final List<String> KERNELS = List.of("engine", "reference");

  /**
   * One recording.
   *
   * @param model the recording's name
   * @param calls the leaf-module calls, in call order
   * @param wholes the cases that replay a {@code Sequential} (the model or a block of it) end to
   *     end, in path order
   * @param seconds the time spent reading and replaying its cases
   */
  record Recording(String model, List<Row> calls, List<Row> wholes, double seconds) {

    /**
     * Returns the first call that failed, or {@code null}.
     *
     * @return the row
     */
    Row firstDivergence() {
      return calls.stream()
          .filter(r -> r.status() == CaseResult.Status.FAIL)
          .findFirst()
          .orElse(null);
    }

    /**
     * Returns the modules whose calls were skipped, with how many calls each and the first reason.
     *
     * @return module name to (count, reason), by module name
     */
    Map<String, Skipped> skipped() {
      Map<String, Skipped> out = new TreeMap<>();
      for (Row r : calls) {
        if (r.status() == CaseResult.Status.SKIP) {
          out.merge(
              r.module(),
              new Skipped(1, r.reason()),
              (a, b) -> new Skipped(a.calls() + b.calls(), a.reason()));
        }
      }
      return out;
    }

    /**
     * Counts the calls with a status.
     *
     * @param status the status
     * @return how many calls have it
     */
    long count(CaseResult.Status status) {
      return calls.stream().filter(r -> r.status() == status).count();
    }

    /**
     * Returns the largest absolute error a kernel showed over the calls and whole cases, or {@code
     * NaN} when it compared nothing.
     *
     * @param kernel {@code engine} or {@code reference}
     * @return the error
     */
    double maxAbs(String kernel) {
      double max = Double.NaN;
      for (Row r : allRows()) {
        Error e = r.errors().get(kernel);
        if (e != null && !Double.isNaN(e.abs())) {
          max = Double.isNaN(max) ? e.abs() : Math.max(max, e.abs());
        }
      }
      return max;
    }

    private List<Row> allRows() {
      List<Row> all = new ArrayList<>(calls);
      all.addAll(wholes);
      return all;
    }

    /**
     * The closing line: {@code first divergence: call 17, encoder.block3.norm (GroupNorm)} or
     * {@code no divergence}, and which whole cases failed when no call did.
     *
     * @return the line
     */
    String divergenceLine() {
      Row first = firstDivergence();
      if (first != null) {
        return "first divergence: call " + first.call() + ", " + first.label();
      }
      List<String> wholeFails =
          wholes.stream()
              .filter(r -> r.status() == CaseResult.Status.FAIL)
              .map(Row::label)
              .toList();
      return wholeFails.isEmpty()
          ? "no divergence"
          : "no divergence in the calls, but end to end: " + String.join(", ", wholeFails);
    }
  }

  /**
   * A kernel's largest errors over every quantity it compared (outputs, buffers after, gradients).
   *
   * @param abs the largest absolute error ({@code NaN} when a shape differed)
   * @param rel the largest relative error
   */
  record Error(double abs, double rel) {}

  /**
   * How many calls of one module were skipped.
   *
   * @param calls how many
   * @param reason the first one's reason
   */
  record Skipped(long calls, String reason) {}

  /**
   * One case of a recording.
   *
   * @param call the position in the recording, or {@code null} for a whole case
   * @param path the module's qualified name ({@code ""} for the model itself)
   * @param module the module's class
   * @param caseName the case's name
   * @param status pass, fail or skip
   * @param errors per kernel that ran, its errors
   * @param reason why it failed or was skipped; for a pass, a note or empty (a kernel that does not
   *     support the call: a training-mode {@code Dropout} on the reference)
   */
  record Row(
      Integer call,
      String path,
      String module,
      String caseName,
      CaseResult.Status status,
      Map<String, Error> errors,
      String reason) {

    /**
     * The path and module: {@code encoder.conv1 (Conv1d)}, {@code (model) (Sequential)}.
     *
     * @return the label
     */
    String label() {
      return (path == null || path.isEmpty() ? "(model)" : path) + " (" + module + ")";
    }
  }

  /**
   * Builds the report from the recorded cases and their results; cases with a {@code model} but no
   * {@code call} are the recording's whole cases.
   *
   * @param cases the cases with a {@code model}
   * @param results each case's result
   * @param nanos each case's time to read and replay
   * @return the report, recordings in name order
   */
  static RecordingReport of(
      List<ParityCase> cases, Map<ParityCase, CaseResult> results, Map<ParityCase, Long> nanos) {
    Map<String, List<ParityCase>> byModel = new TreeMap<>();
    for (ParityCase c : cases) {
      byModel.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c);
    }
    List<Recording> out = new ArrayList<>();
    byModel.forEach(
        (model, list) -> {
          List<ParityCase> calls =
              list.stream()
                  .filter(ParityCase::isRecordedCall)
                  .sorted(Comparator.comparingInt(ParityCase::call))
                  .toList();
          List<ParityCase> wholes =
              list.stream()
                  .filter(c -> !c.isRecordedCall())
                  .sorted(Comparator.comparing(c -> c.path() == null ? "" : c.path()))
                  .toList();
          long total = list.stream().mapToLong(c -> nanos.getOrDefault(c, 0L)).sum();
          out.add(new Recording(model, rows(calls, results), rows(wholes, results), total / 1e9));
        });
    return new RecordingReport(out);
  }

  private static List<Row> rows(List<ParityCase> cases, Map<ParityCase, CaseResult> results) {
    List<Row> rows = new ArrayList<>();
    for (ParityCase c : cases) {
      CaseResult r = results.get(c);
      Map<String, Error> errors = new LinkedHashMap<>();
      r.comparisons()
          .forEach(
              (kernel, byQuantity) -> {
                double abs = 0;
                double rel = 0;
                for (Comparison q : byQuantity.values()) {
                  abs = worse(abs, q.maxAbsError());
                  rel = worse(rel, q.maxRelError());
                }
                errors.put(kernel, new Error(abs, rel));
              });
      String reason =
          r.status() == CaseResult.Status.FAIL && !r.failures().isEmpty()
              ? String.join("; ", r.failures())
              : r.reason();
      rows.add(
          new Row(
              c.call(),
              c.path() == null ? "" : c.path(),
              c.module(),
              c.name(),
              r.status(),
              errors,
              shortened(reason)));
    }
    return rows;
  }

  /**
   * A skip's reason without the list of every module torch-parity has, which {@code check}'s own
   * line already prints once per case.
   */
  static String shortened(String reason) {
    return reason.replaceFirst(" \\(it has \\[[^]]*\\]\\)$", "");
  }

  /** The larger of two errors, {@code NaN} (a shape that differed) winning. */
  private static double worse(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return Double.NaN;
    }
    return Math.max(a, b);
  }

  /**
   * The report as plain data for the {@code --json} file.
   *
   * @return one map per recording
   */
  List<Map<String, Object>> toJson() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Recording rec : recordings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", rec.model());
      m.put("calls", rec.calls().size());
      m.put("passed", rec.count(CaseResult.Status.PASS));
      m.put("failed", rec.count(CaseResult.Status.FAIL));
      m.put("skipped", rec.count(CaseResult.Status.SKIP));
      Row first = rec.firstDivergence();
      if (first == null) {
        m.put("first_divergence", null);
      } else {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("call", first.call());
        f.put("path", first.path());
        f.put("module", first.module());
        f.put("case", first.caseName());
        m.put("first_divergence", f);
      }
      m.put("summary", rec.divergenceLine());
      for (String kernel : KERNELS) {
        m.put(kernel + "_max_abs_error", finiteOrNull(rec.maxAbs(kernel)));
      }
      m.put("replay_seconds", rec.seconds());
      Map<String, Object> skipped = new LinkedHashMap<>();
      rec.skipped()
          .forEach(
              (module, s) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("calls", s.calls());
                e.put("reason", s.reason());
                skipped.put(module, e);
              });
      m.put("skipped_modules", skipped);
      m.put("call_results", rowsJson(rec.calls()));
      m.put("whole_results", rowsJson(rec.wholes()));
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> rowsJson(List<Row> rows) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (r.call() != null) {
        m.put("call", r.call());
      }
      m.put("path", r.path());
      m.put("module", r.module());
      m.put("case", r.caseName());
      m.put("status", r.status().name());
      for (String kernel : KERNELS) {
        Error e = r.errors().get(kernel);
        m.put(kernel + "_max_abs_error", e == null ? null : finiteOrNull(e.abs()));
        m.put(kernel + "_max_rel_error", e == null ? null : finiteOrNull(e.rel()));
      }
      m.put("reason", r.reason());
      out.add(m);
    }
    return out;
  }

  private static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
