package org.torchparity.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.torchparity.parity.CaseResult;

/**
 * The table {@code check} prints for recorded models ({@code path}, {@code call}, {@code model}):
 * per recording, its calls in call order with the engine's and the reference's largest absolute and
 * relative errors and the status, its whole-model cases, the modules skipped, and a closing line
 * naming the first call that failed.
 */
final class Recordings {
  private Recordings() {}

  private static final List<String> HEADER =
      List.of("call", "path", "module", "engine abs", "rel", "reference abs", "rel", "status");

  static void print(RecordingReport report, PrintWriter out) {
    for (RecordingReport.Recording rec : report.recordings()) {
      out.printf(
          Locale.ROOT,
          "recording %s: %d calls in call order (replayed in %.2f s)%n",
          rec.model(),
          rec.calls().size(),
          rec.seconds());
      List<List<String>> lines = new ArrayList<>();
      lines.add(HEADER);
      for (RecordingReport.Row r : rec.calls()) {
        lines.add(cells(String.valueOf(r.call()), r));
      }
      for (RecordingReport.Row r : rec.wholes()) {
        lines.add(cells("whole", r));
      }
      int[] width = new int[HEADER.size()];
      for (List<String> line : lines) {
        for (int i = 0; i < width.length; i++) {
          width[i] = Math.max(width[i], line.get(i).length());
        }
      }
      for (int l = 0; l < lines.size(); l++) {
        List<String> line = lines.get(l);
        StringBuilder s = new StringBuilder(" ");
        for (int i = 0; i < width.length; i++) {
          String cell = line.get(i);
          boolean right = i == 0 || (i >= 3 && i <= 6);
          s.append(' ').append(right ? pad(cell, width[i], true) : pad(cell, width[i], false));
        }
        String reason = l == 0 ? "" : reasonOf(rec, l);
        out.println((s + (reason.isEmpty() ? "" : "  " + reason)).stripTrailing());
      }
      for (Map.Entry<String, RecordingReport.Skipped> e : rec.skipped().entrySet()) {
        out.printf(
            "  skipped: %s, %d call%s: %s%n",
            e.getKey(),
            e.getValue().calls(),
            e.getValue().calls() == 1 ? "" : "s",
            e.getValue().reason());
      }
      out.println("  " + rec.divergenceLine());
    }
  }

  /** The reason shown after line {@code l} of a recording's table (1 is the first row). */
  private static String reasonOf(RecordingReport.Recording rec, int l) {
    int i = l - 1;
    RecordingReport.Row r =
        i < rec.calls().size() ? rec.calls().get(i) : rec.wholes().get(i - rec.calls().size());
    if (r.status() == CaseResult.Status.FAIL) {
      return brief(r.reason());
    }
    if (r.status() == CaseResult.Status.PASS) {
      return r.reason().isEmpty() ? "" : "(" + r.reason() + ")";
    }
    // a skip's reason is said once per module, below the table
    return r.call() == null ? r.reason() : "";
  }

  /**
   * The first failure of a reason, without the worst element's values (the case's own FAIL line
   * above the table has them all): {@code engine output: max abs 0.0164, max rel 0.0620, 58 of 1488
   * outside (+3 more)}.
   */
  static String brief(String reason) {
    String[] failures = reason.split("; (?=(engine|reference) )");
    String first = failures[0];
    int worst = first.indexOf("; worst at");
    if (worst >= 0) {
      first = first.substring(0, worst);
    }
    return failures.length == 1 ? first : first + " (+" + (failures.length - 1) + " more)";
  }

  private static List<String> cells(String first, RecordingReport.Row r) {
    List<String> c = new ArrayList<>();
    c.add(first);
    c.add(r.path().isEmpty() ? "(model)" : r.path());
    c.add(r.module());
    for (String kernel : RecordingReport.KERNELS) {
      RecordingReport.Error e = r.errors().get(kernel);
      c.add(e == null ? "-" : number(e.abs()));
      c.add(e == null ? "-" : number(e.rel()));
    }
    c.add(r.status().name());
    return c;
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
