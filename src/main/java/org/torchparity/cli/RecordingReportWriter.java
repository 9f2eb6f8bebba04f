package org.torchparity.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.torchparity.parity.CaseResult;
import org.torchparity.parity.ReportFiles;
import org.torchparity.parity.Tolerance;

/**
 * Writes {@code check --report DIR}: {@code report.md} (for people and pull requests; each
 * recording's chart as {@code chart-<model>.png} beside it) and {@code report.html} (one
 * self-contained page, the charts embedded). Per recorded model: the verdict with the first
 * divergence, the chart of error by call, the modules skipped with counts, the end-to-end cases and
 * the table of calls with the first divergence highlighted. Nothing is written through a link.
 */
final class RecordingReportWriter {
  /** The fixed names the report writes; checked before the run. */
  static final List<String> FILES = List.of("report.md", "report.html");

  /** Draws one recording's chart. */
  interface Charts {
    /**
     * Draws the error of each call.
     *
     * @param recording the recording
     * @return a PNG image
     * @throws IOException when it cannot be encoded
     */
    byte[] errorByCall(RecordingReport.Recording recording) throws IOException;
  }

  private RecordingReportWriter() {}

  /**
   * Writes the report.
   *
   * @param dir the folder (created if missing; its parent must exist)
   * @param report the recordings
   * @param results every case's result, for the totals and the failures outside recordings
   * @param charts draws the charts
   * @param command the command that made the report
   * @return the files written
   * @throws IOException naming the file when one cannot be written
   */
  static List<Path> write(
      Path dir, RecordingReport report, List<CaseResult> results, Charts charts, String command)
      throws IOException {
    Path folder = ReportFiles.prepare(dir, FILES);
    List<Path> written = new ArrayList<>();
    List<byte[]> images = new ArrayList<>();
    List<String> chartProblems = new ArrayList<>();
    for (RecordingReport.Recording rec : report.recordings()) {
      byte[] png = null;
      String problem = null;
      try {
        png = charts.errorByCall(rec);
      } catch (IOException | RuntimeException | java.awt.AWTError | LinkageError e) {
        problem = String.valueOf(e); // no display, no fonts: the page says so and keeps the tables
      }
      if (png != null) {
        written.add(writeBytes(folder, chartFile(rec), png));
      }
      images.add(png);
      chartProblems.add(problem);
    }
    Page page = new Page(report, results, command, images, chartProblems);
    written.add(0, ReportFiles.write(folder, "report.md", page.markdown()));
    written.add(1, ReportFiles.write(folder, "report.html", page.html()));
    return written.stream().map(p -> dir.resolve(p.getFileName())).toList();
  }

  /** The chart's file name: {@code chart-<model>.png}, the model's name kept to safe characters. */
  static String chartFile(RecordingReport.Recording rec) {
    return "chart-" + rec.model().replaceAll("[^A-Za-z0-9_.-]", "_") + ".png";
  }

  private static Path writeBytes(Path realFolder, String name, byte[] bytes) throws IOException {
    Path file = realFolder.resolve(name);
    String wrong = ReportFiles.fileProblem(file);
    if (wrong != null) {
      throw new IOException("cannot write " + file + ": " + wrong);
    }
    try (OutputStream out =
        Files.newOutputStream(
            file,
            LinkOption.NOFOLLOW_LINKS,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new IOException("cannot write " + ReportFiles.describe(file, e), e);
    }
    return file;
  }

  /** The two pages, drawn from the same figures. */
  private record Page(
      RecordingReport report,
      List<CaseResult> results,
      String command,
      List<byte[]> images,
      List<String> chartProblems) {

    String markdown() {
      StringBuilder s = new StringBuilder("# torch-parity check: recorded models\n\n");
      s.append("- Command: `").append(command).append("`\n");
      s.append("- ").append(totals()).append('\n');
      s.append("- ").append(TOLERANCE).append("\n");
      s.append("- Each call is replayed alone: PyTorch's recorded input goes in, the output (and")
          .append(
              " buffers and gradients, when recorded) is compared, so errors do not compound.\n");
      for (int i = 0; i < report.recordings().size(); i++) {
        RecordingReport.Recording rec = report.recordings().get(i);
        RecordingReport.Row first = rec.firstDivergence();
        s.append("\n## Recording `").append(rec.model()).append("`\n\n");
        s.append("**").append(first != null ? "FAIL: " : "").append(rec.divergenceLine());
        s.append("**\n\n- ").append(figures(rec)).append("\n\n");
        if (images.get(i) != null) {
          s.append("![largest error per call](").append(chartFile(rec)).append(")\n\n");
        }
        if (!rec.skipped().isEmpty()) {
          s.append("### Modules skipped\n\n| module | calls | why |\n| --- | ---: | --- |\n");
          rec.skipped()
              .forEach(
                  (module, sk) ->
                      s.append("| ")
                          .append(module)
                          .append(" | ")
                          .append(sk.calls())
                          .append(" | ")
                          .append(md(sk.reason()))
                          .append(" |\n"));
          s.append('\n');
        }
        if (!rec.wholes().isEmpty()) {
          s.append("### End to end\n\n");
          mdTable(s, rec.wholes(), null);
        }
        s.append("### Calls\n\n");
        mdTable(s, rec.calls(), first);
      }
      appendOthers(s, true);
      return s.toString();
    }

    private static void mdTable(
        StringBuilder s, List<RecordingReport.Row> rows, RecordingReport.Row first) {
      s.append("| call | path | module | engine abs | engine rel | reference abs | reference rel")
          .append(
              " | status | note |\n| ---: | --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
      for (RecordingReport.Row r : rows) {
        boolean isFirst = r == first;
        s.append("| ").append(r.call() == null ? "" : r.call()).append(" | ");
        s.append(isFirst ? "**" : "").append('`').append(pathText(r)).append('`');
        s.append(isFirst ? "**" : "").append(" | ").append(r.module()).append(" | ");
        for (String k : RecordingReport.KERNELS) {
          RecordingReport.Error e = r.errors().get(k);
          s.append(e == null ? "" : Recordings.number(e.abs())).append(" | ");
          s.append(e == null ? "" : Recordings.number(e.rel())).append(" | ");
        }
        s.append(isFirst ? "**FAIL (first divergence)**" : r.status().name()).append(" | ");
        s.append(md(r.reason()));
        s.append(" |\n");
      }
      s.append('\n');
    }

    String html() {
      StringBuilder s = new StringBuilder();
      s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
      s.append("<title>torch-parity check: recorded models</title>\n<style>\n");
      s.append(
          "body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:2em auto;");
      s.append("max-width:1080px;color:#222;line-height:1.4;padding:0 1em}\n");
      s.append("h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid");
      s.append(" #ddd}h3{margin-bottom:.3em}\n");
      s.append(".verdict{font-size:1.15em;font-weight:bold;padding:.5em .8em;border-radius:4px}\n");
      s.append(".verdict a{color:inherit}\n");
      s.append(".pass{background:#e6f4ea;color:#1e6b34}.fail{background:#fdecea;color:#a4251b}\n");
      s.append("table{border-collapse:collapse;margin:.6em 0;font-size:.85em}\n");
      s.append("th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}");
      s.append("td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n");
      s.append("th{background:#f5f5f5}tr.FAIL td{background:#fdecea}tr.SKIP td{color:#888}\n");
      s.append("tr.first td{background:#f8c9c4;font-weight:bold;border-top:2px solid #a4251b;");
      s.append("border-bottom:2px solid #a4251b}\n");
      s.append("td.note{max-width:28em;font-size:.9em}\n");
      s.append("code{font-family:'DejaVu Sans Mono',monospace;font-size:.9em}\n");
      s.append("img{max-width:100%;border:1px solid #eee}\n</style>\n</head>\n<body>\n");
      s.append("<h1>torch-parity check: recorded models</h1>\n<ul>\n");
      s.append("<li>Command: <code>").append(esc(command)).append("</code></li>\n");
      s.append("<li>").append(esc(totals())).append("</li>\n");
      s.append("<li>").append(esc(TOLERANCE)).append("</li>\n");
      s.append("<li>Each call is replayed alone: PyTorch's recorded input goes in and the output");
      s.append(" (and buffers and gradients, when recorded) is compared, so errors do not");
      s.append(" compound.</li>\n</ul>\n");
      s.append("<table>\n<tr><th>recording</th><th>calls</th><th>passed</th><th>failed</th>");
      s.append("<th>skipped</th><th>end to end</th><th>engine max abs</th>");
      s.append("<th>reference max abs</th><th>replay s</th><th>verdict</th></tr>\n");
      for (int i = 0; i < report.recordings().size(); i++) {
        RecordingReport.Recording rec = report.recordings().get(i);
        List<String> cells = summaryCells(rec);
        boolean bad = rec.firstDivergence() != null;
        s.append("<tr class=\"").append(bad ? "FAIL" : "PASS").append("\"><td><a href=\"#rec-");
        s.append(i).append("\"><code>").append(esc(cells.get(0))).append("</code></a></td>");
        for (String cell : cells.subList(1, cells.size() - 1)) {
          s.append("<td class=\"n\">").append(esc(cell)).append("</td>");
        }
        s.append("<td>");
        if (bad) {
          s.append("<a href=\"#rec-").append(i).append("-first\">");
          s.append(esc(cells.get(cells.size() - 1))).append("</a>");
        } else {
          s.append(esc(cells.get(cells.size() - 1)));
        }
        s.append("</td></tr>\n");
      }
      s.append("</table>\n");
      for (int i = 0; i < report.recordings().size(); i++) {
        appendRecording(s, i);
      }
      StringBuilder others = new StringBuilder();
      appendOthers(others, false);
      s.append(others).append("</body>\n</html>\n");
      return s.toString();
    }

    private void appendRecording(StringBuilder s, int i) {
      RecordingReport.Recording rec = report.recordings().get(i);
      RecordingReport.Row first = rec.firstDivergence();
      String anchor = "rec-" + i;
      s.append("<h2 id=\"").append(anchor).append("\">Recording <code>");
      s.append(esc(rec.model())).append("</code></h2>\n");
      boolean bad = first != null || rec.divergenceLine().startsWith("no divergence in");
      s.append("<p class=\"verdict ").append(bad ? "fail" : "pass").append("\">");
      if (first != null) {
        s.append("<a href=\"#").append(anchor).append("-first\">");
        s.append(esc(rec.divergenceLine())).append("</a>");
      } else {
        s.append(esc(rec.divergenceLine()));
      }
      s.append("</p>\n<p>").append(esc(figures(rec))).append("</p>\n");
      if (images.get(i) != null) {
        s.append("<img alt=\"largest error per call, engine and reference\" src=\"data:image/png;");
        s.append("base64,").append(Base64.getEncoder().encodeToString(images.get(i)));
        s.append("\">\n");
      } else {
        s.append("<p>The chart could not be drawn here: ");
        s.append(esc(chartProblems.get(i))).append("</p>\n");
      }
      Map<String, RecordingReport.Skipped> skipped = rec.skipped();
      if (!skipped.isEmpty()) {
        s.append("<h3>Modules skipped</h3>\n<table>\n<tr><th>module</th><th>calls</th>");
        s.append("<th>why</th></tr>\n");
        skipped.forEach(
            (module, sk) ->
                s.append("<tr><td><code>")
                    .append(esc(module))
                    .append("</code></td><td class=\"n\">")
                    .append(sk.calls())
                    .append("</td><td class=\"note\">")
                    .append(esc(sk.reason()))
                    .append("</td></tr>\n"));
        s.append("</table>\n");
      }
      if (!rec.wholes().isEmpty()) {
        s.append("<h3>End to end</h3>\n<p>A <code>Sequential</code> of modules torch-parity");
        s.append(" builds (the model, or a block of it), replayed as a whole.</p>\n");
        htmlTable(s, rec.wholes(), null, anchor);
      }
      s.append("<h3>Calls</h3>\n");
      htmlTable(s, rec.calls(), first, anchor);
    }

    private static void htmlTable(
        StringBuilder s, List<RecordingReport.Row> rows, RecordingReport.Row first, String anchor) {
      s.append("<table>\n<tr><th>call</th><th>path</th><th>module</th><th>engine abs</th>");
      s.append("<th>engine rel</th><th>reference abs</th><th>reference rel</th><th>status</th>");
      s.append("<th>note</th></tr>\n");
      for (RecordingReport.Row r : rows) {
        boolean isFirst = r == first;
        s.append("<tr class=\"").append(r.status().name()).append(isFirst ? " first" : "");
        s.append('"').append(isFirst ? " id=\"" + anchor + "-first\"" : "").append('>');
        s.append("<td class=\"n\">").append(r.call() == null ? "" : r.call()).append("</td>");
        s.append("<td><code>").append(esc(pathText(r))).append("</code></td>");
        s.append("<td>").append(esc(r.module())).append("</td>");
        for (String k : RecordingReport.KERNELS) {
          RecordingReport.Error e = r.errors().get(k);
          s.append("<td class=\"n\">").append(e == null ? "" : Recordings.number(e.abs()));
          s.append("</td><td class=\"n\">").append(e == null ? "" : Recordings.number(e.rel()));
          s.append("</td>");
        }
        s.append("<td>").append(isFirst ? "FAIL &larr; first divergence" : r.status().name());
        s.append("</td><td class=\"note\">");
        if (r.status() == CaseResult.Status.FAIL
            && !Recordings.brief(r.reason()).equals(r.reason())) {
          s.append("<details><summary>").append(esc(Recordings.brief(r.reason())));
          s.append("</summary>").append(esc(r.reason())).append("</details>");
        } else {
          s.append(esc(r.reason()));
        }
        s.append("</td></tr>\n");
      }
      s.append("</table>\n");
    }

    /** Cases outside any recording: their totals, and each failure by name. */
    private void appendOthers(StringBuilder s, boolean markdown) {
      Set<String> recorded = new HashSet<>();
      for (RecordingReport.Recording rec : report.recordings()) {
        rec.calls().forEach(r -> recorded.add(r.caseName()));
        rec.wholes().forEach(r -> recorded.add(r.caseName()));
      }
      List<CaseResult> others = results.stream().filter(r -> !recorded.contains(r.name())).toList();
      if (others.isEmpty()) {
        return;
      }
      String head = "Other cases";
      String line =
          String.format(
              Locale.ROOT,
              "%d case file(s) outside any recording: %d passed, %d failed, %d skipped.",
              others.size(),
              count(others, CaseResult.Status.PASS),
              count(others, CaseResult.Status.FAIL),
              count(others, CaseResult.Status.SKIP));
      List<String> failed =
          others.stream()
              .filter(r -> r.status() == CaseResult.Status.FAIL)
              .map(CaseResult::line)
              .toList();
      if (markdown) {
        s.append("\n## ").append(head).append("\n\n").append(line).append('\n');
        failed.forEach(f -> s.append("\n- ").append(md(f)));
        s.append(failed.isEmpty() ? "" : "\n");
      } else {
        s.append("<h2>").append(head).append("</h2>\n<p>").append(esc(line)).append("</p>\n");
        if (!failed.isEmpty()) {
          s.append("<ul>\n");
          failed.forEach(f -> s.append("<li><code>").append(esc(f)).append("</code></li>\n"));
          s.append("</ul>\n");
        }
      }
    }

    private String totals() {
      return String.format(
          Locale.ROOT,
          "%d case files: %d passed, %d failed, %d skipped",
          results.size(),
          count(results, CaseResult.Status.PASS),
          count(results, CaseResult.Status.FAIL),
          count(results, CaseResult.Status.SKIP));
    }
  }

  private static final String TOLERANCE =
      "Tolerance: |JVM - PyTorch| <= atol + rtol |PyTorch|, torch.testing.assert_close's defaults:"
          + " float32 "
          + Tolerance.FLOAT32
          + ", float64 "
          + Tolerance.FLOAT64
          + "; errors are the largest over every quantity compared (outputs, buffers after the"
          + " call, gradients)";

  private static String figures(RecordingReport.Recording rec) {
    return String.format(
        Locale.ROOT,
        "%d calls: %d passed, %d failed, %d skipped; %d end-to-end case(s); largest abs error:"
            + " engine %s, reference %s; replayed in %.2f s",
        rec.calls().size(),
        rec.count(CaseResult.Status.PASS),
        rec.count(CaseResult.Status.FAIL),
        rec.count(CaseResult.Status.SKIP),
        rec.wholes().size(),
        Double.isNaN(rec.maxAbs("engine")) ? "none" : Recordings.number(rec.maxAbs("engine")),
        Double.isNaN(rec.maxAbs("reference")) ? "none" : Recordings.number(rec.maxAbs("reference")),
        rec.seconds());
  }

  /** A recording's row in the summary table: name, counts, largest errors, time, verdict. */
  private static List<String> summaryCells(RecordingReport.Recording rec) {
    return List.of(
        rec.model(),
        Integer.toString(rec.calls().size()),
        Long.toString(rec.count(CaseResult.Status.PASS)),
        Long.toString(rec.count(CaseResult.Status.FAIL)),
        Long.toString(rec.count(CaseResult.Status.SKIP)),
        Integer.toString(rec.wholes().size()),
        Double.isNaN(rec.maxAbs("engine")) ? "" : Recordings.number(rec.maxAbs("engine")),
        Double.isNaN(rec.maxAbs("reference")) ? "" : Recordings.number(rec.maxAbs("reference")),
        String.format(Locale.ROOT, "%.2f", rec.seconds()),
        rec.divergenceLine());
  }

  private static String pathText(RecordingReport.Row r) {
    return r.path().isEmpty() ? "(model)" : r.path();
  }

  private static long count(List<CaseResult> results, CaseResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  private static String md(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
