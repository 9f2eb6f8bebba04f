package org.torchparity.cli;

import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.torchparity.parity.CaseResult;

/**
 * Draws a recording's chart with XChart as PNG bytes: the largest absolute error of each call, on a
 * logarithmic axis, for the engine and the reference; failing calls circled in red, skipped calls
 * as grey marks on the floor, the first divergence as a vertical line. Errors of exactly 0 are
 * drawn on the floor too (a logarithmic axis has no 0); the axis title says where the floor is.
 */
final class XChartRecordingCharts implements RecordingReportWriter.Charts {
  private static final Color ENGINE = new Color(0x1f77b4);
  private static final Color REFERENCE = new Color(0xff7f0e);
  private static final Color FAIL = new Color(0xd62728);
  private static final Color SKIP = new Color(0x999999);

  @Override
  public byte[] errorByCall(RecordingReport.Recording rec) throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    double smallest = Double.POSITIVE_INFINITY;
    double largest = 0;
    for (RecordingReport.Row r : rec.calls()) {
      for (RecordingReport.Error e : r.errors().values()) {
        if (e.abs() > 0 && Double.isFinite(e.abs())) {
          smallest = Math.min(smallest, e.abs());
          largest = Math.max(largest, e.abs());
        }
      }
    }
    // the floor: a decade under the smallest error shown, and never above 1e-9
    double floor =
        Double.isInfinite(smallest)
            ? 1e-9
            : Math.min(1e-9, Math.pow(10, Math.floor(Math.log10(smallest)) - 1));
    double top = Math.max(largest, floor * 10);
    XYChart chart =
        new XYChartBuilder()
            .width(1000)
            .height(360)
            .title("Largest |JVM - PyTorch| per call, " + rec.model())
            .xAxisTitle("call (execution order)")
            .yAxisTitle(
                String.format(Locale.ROOT, "max abs error (0 drawn at %.0e)", floor)
                    .replace("e-0", "e-"))
            .build();
    style(chart.getStyler());
    chart.getStyler().setYAxisMin(floor);
    chart.getStyler().setYAxisMax(Math.pow(10, Math.ceil(Math.log10(top))));
    chart.getStyler().setXAxisMin(-0.5);
    chart.getStyler().setXAxisMax(Math.max(1, rec.calls().size()) - 0.5);
    addKernel(chart, rec, "engine", ENGINE, floor, -0.12);
    addKernel(chart, rec, "reference", REFERENCE, floor, 0.12);
    double ceiling = Math.pow(10, Math.ceil(Math.log10(top)));
    List<Double> failX = new ArrayList<>();
    List<Double> skipX = new ArrayList<>();
    for (RecordingReport.Row r : rec.calls()) {
      if (r.status() == CaseResult.Status.FAIL) {
        failX.add((double) r.call());
      } else if (r.status() == CaseResult.Status.SKIP) {
        skipX.add((double) r.call());
      }
    }
    if (!failX.isEmpty()) {
      // failing calls marked along the top edge, where the kernels' markers never hide them
      List<Double> y = new ArrayList<>();
      failX.forEach(x -> y.add(ceiling));
      XYSeries s = chart.addSeries("FAIL", failX, y);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(FAIL);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    if (!skipX.isEmpty()) {
      List<Double> y = new ArrayList<>();
      skipX.forEach(x -> y.add(floor));
      XYSeries s = chart.addSeries("skipped", skipX, y);
      s.setMarker(SeriesMarkers.TRIANGLE_UP);
      s.setMarkerColor(SKIP);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
    RecordingReport.Row first = rec.firstDivergence();
    if (first != null) {
      AnnotationLine line = new AnnotationLine(first.call(), true, false);
      chart.addAnnotation(line);
      // the label beside the line: about 0.14 of the axis wide, on the side with room for it
      double offset = 0.5 + 0.09 * Math.max(1, rec.calls().size());
      boolean right = first.call() + 2 * offset < rec.calls().size();
      chart.addAnnotation(
          new AnnotationText(
              "first divergence: call " + first.call(),
              first.call() + (right ? offset : -offset),
              ceiling / 2.5,
              false));
    }
    if (chart.getSeriesMap().isEmpty()) {
      XYSeries s = chart.addSeries("nothing compared", List.of(0.0), List.of(floor));
      s.setMarker(SeriesMarkers.NONE);
    }
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  /** One marker per call the kernel ran, shifted a little left or right so both stay visible. */
  private static void addKernel(
      XYChart chart,
      RecordingReport.Recording rec,
      String kernel,
      Color color,
      double floor,
      double shift) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (RecordingReport.Row r : rec.calls()) {
      RecordingReport.Error e = r.errors().get(kernel);
      if (e != null && Double.isFinite(e.abs())) {
        x.add(r.call() + (rec.calls().size() > 1 ? shift : 0));
        y.add(Math.max(floor, e.abs()));
      }
    }
    if (!x.isEmpty()) {
      XYSeries s = chart.addSeries(kernel, x, y);
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setMarkerColor(color);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    }
  }

  private static void style(XYStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotGridLinesColor(new Color(0xdddddd));
    s.setPlotBorderVisible(false);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setChartTitleBoxVisible(false);
    s.setLocale(Locale.ROOT);
    s.setYAxisLogarithmic(true);
    s.setMarkerSize(8);
    s.setXAxisDecimalPattern("0");
    s.setAnnotationLineColor(FAIL);
    s.setAnnotationTextFontColor(FAIL);
  }
}
