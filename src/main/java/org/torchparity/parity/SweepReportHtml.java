package org.torchparity.parity;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sweep report's HTML page: the verdict, the charts, the tables and the shrunk failure. */
final class SweepReportHtml {
  private SweepReportHtml() {}

  // ---------------------------------------------------------------- HTML

  /** The charts' section; without a renderer, or when it fails (no display), a sentence. */
  private static void appendCharts(StringBuilder s, SweepReport r, SweepCharts charts) {
    if (charts == SweepCharts.NONE) {
      s.append("<p>This report was written without charts (the command-line tool draws them);");
      s.append(" the tables below hold the same figures.</p>\n<h2>Pass rate per option</h2>\n");
      return;
    }
    s.append("<h2>Error distribution</h2>\n<p>One bar per decade of the worst element's error;");
    s.append(" configurations with nothing to compare (skipped, or batch 0) are left out.</p>\n");
    try {
      s.append(image(charts.errorHistogram(r), "histogram of log10 max abs error per dtype"));
      s.append(image(charts.toleranceHistogram(r), "histogram of the tolerance used"));
      s.append("<h2>Pass rate per option</h2>\n<div class=\"charts\">\n");
      for (Map.Entry<String, byte[]> e :
          charts.passRates(r, SweepReportWriter.CHARTED_OPTIONS).entrySet()) {
        s.append(image(e.getValue(), "pass rate by " + e.getKey()));
      }
      s.append("</div>\n");
    } catch (IOException | RuntimeException | java.awt.AWTError | LinkageError e) {
      s.append("<p>The charts could not be drawn here: ")
          .append(esc(String.valueOf(e)))
          .append("</p>\n<h2>Pass rate per option</h2>\n");
    }
  }

  static String html(SweepReport r, String command, SweepCharts charts) {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.append("<title>torch-parity sweep: ")
        .append(esc(SweepReportWriter.verdict(r)))
        .append("</title>\n");
    s.append("<style>\n");
    s.append("body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;margin:2em auto;");
    s.append("max-width:1040px;color:#222;line-height:1.4}\n");
    s.append("h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid");
    s.append(" #ddd}\n");
    s.append(".verdict{font-size:1.2em;font-weight:bold;padding:.5em .8em;border-radius:4px}\n");
    s.append(".pass{background:#e6f4ea;color:#1e6b34}.fail{background:#fdecea;color:#a4251b}\n");
    s.append("table{border-collapse:collapse;margin:.6em 0;font-size:.9em}\n");
    s.append("th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}");
    s.append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n");
    s.append("th{background:#f5f5f5}tr.FAIL td{background:#fdecea}\n");
    s.append("code,pre{font-family:'DejaVu Sans Mono',monospace;font-size:.85em}\n");
    s.append("pre{background:#f7f7f7;padding:.8em;overflow-x:auto;border:1px solid #e3e3e3}\n");
    s.append(".charts{display:flex;flex-wrap:wrap;gap:12px}.charts img{border:1px solid #eee}\n");
    s.append("img{max-width:100%}\n</style>\n</head>\n<body>\n");
    s.append("<h1>torch-parity sweep</h1>\n");
    s.append("<p class=\"verdict ")
        .append(r.held() ? "pass" : "fail")
        .append("\">")
        .append(esc(SweepReportWriter.verdict(r)))
        .append("</p>\n<ul>\n");
    s.append("<li>").append(codeSpans(SweepReportWriter.mode(r))).append("</li>\n");
    s.append("<li>Reproduce: <code>").append(esc(command)).append("</code></li>\n");
    s.append(
        String.format(
            Locale.ROOT,
            "<li>%d configurations in %.2f s: %.1f configs/s</li>%n",
            r.results().size(),
            r.elapsedNanos() / 1e9,
            r.throughput()));
    s.append("<li>Tolerance: |candidate &minus; baseline| &le; atol + rtol |baseline|; float32 ")
        .append(esc(Tolerance.FLOAT32.toString()))
        .append(", float64 ")
        .append(esc(Tolerance.FLOAT64.toString()))
        .append(" (<code>torch.testing.assert_close</code> defaults)</li>\n</ul>\n");

    s.append("<h2>Summary</h2>\n<table>\n<tr><th>dtype</th><th>configs</th><th>passed</th>");
    s.append("<th>failed</th><th>skipped</th><th>max abs error vs ")
        .append(esc(r.baseline()))
        .append("</th>");
    if (r.reference() != null) {
      s.append("<th>vs ").append(esc(r.reference())).append("</th>");
    }
    s.append("</tr>\n");
    for (SweepReport.Summary row : r.summaries()) {
      s.append("<tr><td>").append(esc(row.label())).append("</td>");
      s.append(num(row.configs())).append(num(row.passed())).append(num(row.failed()));
      s.append(num(row.skipped()));
      s.append("<td class=\"n\">").append(SweepReport.error(row.maxAbsError())).append("</td>");
      if (r.reference() != null) {
        s.append("<td class=\"n\">")
            .append(SweepReport.error(row.referenceMaxAbsError()))
            .append("</td>");
      }
      s.append("</tr>\n");
    }
    s.append("</table>\n");

    if (r.shrunk() != null) {
      ShrunkFailure f = r.shrunk();
      s.append("<h2>Smallest failure</h2>\n<p>First failure, ")
          .append(esc(f.headline()))
          .append(", to:</p>\n<pre>")
          .append(esc(f.smallest().toString()))
          .append("</pre>\n<p>")
          .append(esc(f.message()))
          .append("</p>\n<p>As a case file: <a href=\"")
          .append(SweepReportWriter.CASE_FILE)
          .append("\"><code>")
          .append(SweepReportWriter.CASE_FILE)
          .append("</code></a> (expected output from ")
          .append(esc(r.baseline()))
          .append(", not from PyTorch). As Java:</p>\n<pre>")
          .append(esc(f.javaSnippet()))
          .append("</pre>\n");
    }

    appendCharts(s, r, charts);
    s.append("<details><summary>Pass rate per option, every option, as tables</summary>\n");
    for (Map.Entry<String, List<SweepReport.Rate>> e : r.passRates().entrySet()) {
      s.append("<table>\n<tr><th>")
          .append(esc(e.getKey()))
          .append("</th><th>passed</th><th>compared</th><th>rate</th></tr>\n");
      for (SweepReport.Rate rate : e.getValue()) {
        s.append("<tr><td>").append(esc(rate.value())).append("</td>");
        s.append(num(rate.passed())).append(num(rate.compared()));
        s.append("<td class=\"n\">").append(SweepReportWriter.percent(rate)).append("</td></tr>\n");
      }
      s.append("</table>\n");
    }
    s.append("</details>\n");

    s.append("<h2>Worst cases</h2>\n<p>Failures first, then by the share of the tolerance the");
    s.append(" worst element used (1 is the limit).</p>\n<table>\n");
    s.append("<tr><th>#</th><th>status</th><th>configuration</th><th>input</th><th>dtype</th>");
    s.append("<th>magnitudes</th><th>max abs error</th><th>tolerance used</th>");
    if (r.reference() != null) {
      s.append("<th>vs reference</th>");
    }
    s.append("<th>case seed</th></tr>\n");
    for (SweepResult x : r.worst(SweepReportWriter.WORST_ROWS)) {
      SweepCase c = x.sweepCase();
      s.append("<tr class=\"").append(x.status()).append("\">");
      s.append(num(x.index())).append("<td>").append(x.status()).append("</td>");
      s.append("<td><code>").append(esc(c.spec().toString())).append("</code></td>");
      s.append("<td>").append(java.util.Arrays.toString(c.inputShape())).append("</td>");
      s.append("<td>").append(c.spec().dtype().torchName()).append("</td>");
      s.append("<td>").append(esc(SweepReportWriter.magnitudes(c))).append("</td>");
      s.append("<td class=\"n\">").append(SweepReport.error(x.maxAbsError())).append("</td>");
      s.append("<td class=\"n\">")
          .append(SweepReportWriter.used(x.toleranceUsed()))
          .append("</td>");
      if (r.reference() != null) {
        s.append("<td class=\"n\">")
            .append(SweepReport.error(x.referenceMaxAbsError()))
            .append("</td>");
      }
      s.append("<td class=\"n\">").append(x.caseSeed()).append("</td></tr>\n");
    }
    s.append("</table>\n</body>\n</html>\n");
    return s.toString();
  }

  private static String num(long n) {
    return "<td class=\"n\">" + n + "</td>";
  }

  private static String image(byte[] png, String alt) {
    return "<img alt=\""
        + esc(alt)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">\n";
  }

  /** Escapes, then turns Markdown {@code `code`} spans into {@code <code>} elements. */
  private static String codeSpans(String text) {
    String escaped = esc(text);
    StringBuilder s = new StringBuilder();
    boolean open = false;
    for (char ch : escaped.toCharArray()) {
      if (ch == '`') {
        s.append(open ? "</code>" : "<code>");
        open = !open;
      } else {
        s.append(ch);
      }
    }
    return s.toString();
  }

  private static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
