package org.torchparity.cli;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;
import org.torchparity.parity.CaseResult;
import org.torchparity.parity.SweepCharts;
import org.torchparity.parity.SweepReport;
import org.torchparity.parity.SweepResult;
import org.torchparity.spec.DType;

/**
 * Draws a sweep report's charts with XChart, as PNG bytes: the distribution of errors per dtype and
 * the pass rate per option. It lives in the tool's package because XChart is the tool's optional
 * dependency, absent from a library user's class path. Runs headless: {@code java.awt.headless} is
 * set to {@code true} unless the caller set it.
 */
public final class XChartSweepCharts implements SweepCharts {
  private static final Color FLOAT32 = new Color(0x1f77b4);
  private static final Color FLOAT64 = new Color(0xff7f0e);
  private static final Color PASS = new Color(0x2ca02c);
  private static final String EXACT = "exact";

  /** Creates the renderer; the first chart sets {@code java.awt.headless}. */
  public XChartSweepCharts() {}

  /** Sets {@code java.awt.headless=true} unless already set: charts need no display. */
  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  @Override
  public byte[] errorHistogram(SweepReport report) throws IOException {
    return histogram(
        report,
        SweepResult::maxAbsError,
        "Largest |candidate - " + report.baseline() + "| per configuration",
        "log10 of the largest absolute error (decade: [10^x, 10^(x+1)))");
  }

  @Override
  public byte[] toleranceHistogram(SweepReport report) throws IOException {
    return histogram(
        report,
        SweepResult::toleranceUsed,
        "Share of the tolerance used (|a - e| / (atol + rtol |e|)); decade 0 and above fail",
        "log10 of the share of the tolerance used by the worst element");
  }

  private static byte[] histogram(
      SweepReport report, ToDoubleFunction<SweepResult> value, String title, String xTitle)
      throws IOException {
    headless();
    Map<DType, Map<Integer, Integer>> byDType = new LinkedHashMap<>();
    Map<DType, Integer> exact = new LinkedHashMap<>();
    int lo = Integer.MAX_VALUE;
    int hi = Integer.MIN_VALUE;
    for (SweepResult r : report.results()) {
      if (r.status() == CaseResult.Status.SKIP
          || (r.vsBaseline() != null && r.vsBaseline().elements() == 0)) {
        continue; // nothing was compared: skipped, or an empty output (batch 0)
      }
      DType dtype = r.sweepCase().spec().dtype();
      double v = value.applyAsDouble(r);
      byDType.computeIfAbsent(dtype, d -> new TreeMap<>());
      if (Double.isNaN(v)) {
        continue;
      }
      if (v == 0) {
        exact.merge(dtype, 1, Integer::sum);
        continue;
      }
      int decade = Double.isInfinite(v) ? 3 : (int) Math.floor(Math.log10(v));
      byDType.get(dtype).merge(decade, 1, Integer::sum);
      lo = Math.min(lo, decade);
      hi = Math.max(hi, decade);
    }
    List<String> categories = new ArrayList<>();
    categories.add(EXACT);
    if (lo <= hi) {
      for (int d = lo; d <= hi; d++) {
        categories.add(Integer.toString(d));
      }
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1000)
            .height(380)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle("configurations")
            .build();
    style(chart);
    chart.getStyler().setOverlapped(false);
    for (Map.Entry<DType, Map<Integer, Integer>> e : byDType.entrySet()) {
      List<Integer> counts = new ArrayList<>();
      counts.add(exact.getOrDefault(e.getKey(), 0));
      if (lo <= hi) {
        for (int d = lo; d <= hi; d++) {
          counts.add(e.getValue().getOrDefault(d, 0));
        }
      }
      chart
          .addSeries(e.getKey().torchName(), categories, counts)
          .setFillColor(e.getKey() == DType.FLOAT32 ? FLOAT32 : FLOAT64);
    }
    if (byDType.isEmpty()) {
      chart.addSeries("nothing compared", List.of(EXACT), List.of(0));
    }
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  /** {@inheritDoc} The counts are written on the bars. */
  @Override
  public Map<String, byte[]> passRates(SweepReport report, List<String> options)
      throws IOException {
    headless();
    Map<String, List<SweepReport.Rate>> rates = report.passRates();
    Map<String, byte[]> charts = new LinkedHashMap<>();
    for (String option : options) {
      List<SweepReport.Rate> values = rates.get(option);
      if (values == null) {
        continue;
      }
      List<String> labels = new ArrayList<>();
      List<Double> percent = new ArrayList<>();
      for (SweepReport.Rate rate : values) {
        String value =
            rate.value().replace(" (depthwise)", " dw").replace("zeros (ConvT)", "ConvT");
        labels.add(value + " (n=" + rate.compared() + ")");
        percent.add(rate.compared() == 0 ? 0.0 : 100.0 * rate.fraction());
      }
      CategoryChart chart =
          new CategoryChartBuilder()
              .width(490)
              .height(300)
              .title("Pass rate by " + option)
              .yAxisTitle("% passed")
              .build();
      style(chart);
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(100.0);
      chart.getStyler().setLabelsVisible(true);
      chart.getStyler().setLabelsPosition(0.5);
      chart.getStyler().setLabelsFontColorAutomaticEnabled(true);
      chart.getStyler().setDecimalPattern("0.#");
      chart.getStyler().setYAxisDecimalPattern("0");
      // Rotate labels that would not fit side by side (about 7 px a character at this size).
      int characters = labels.stream().mapToInt(String::length).sum() + 2 * labels.size();
      if (labels.size() > 4 || characters * 7 > chart.getWidth() - 80) {
        chart.getStyler().setXAxisLabelRotation(30);
      }
      chart.addSeries("pass rate", labels, percent).setFillColor(PASS);
      charts.put(option, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
    return charts;
  }

  private static void style(CategoryChart chart) {
    CategoryStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotGridLinesColor(new Color(0xdddddd));
    s.setPlotBorderVisible(false);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartTitleBoxVisible(false);
    s.setLocale(Locale.ROOT);
  }
}
