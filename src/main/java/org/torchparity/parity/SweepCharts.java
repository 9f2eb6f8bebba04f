package org.torchparity.parity;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Draws the charts of a sweep's HTML report as PNG bytes. The library has no chart library of its
 * own: XChart belongs to the command-line tool (an optional dependency, see {@code
 * docs/library-and-tool.md}), whose {@code org.torchparity.cli.XChartSweepCharts} implements this;
 * {@link #NONE} writes the report without charts, with the same figures as tables.
 */
public interface SweepCharts {
  /** Draws nothing: {@link SweepReportWriter} says so in the page and keeps the tables. */
  SweepCharts NONE =
      new SweepCharts() {
        @Override
        public byte[] errorHistogram(SweepReport report) {
          throw new UnsupportedOperationException("no chart renderer");
        }

        @Override
        public byte[] toleranceHistogram(SweepReport report) {
          throw new UnsupportedOperationException("no chart renderer");
        }

        @Override
        public Map<String, byte[]> passRates(SweepReport report, List<String> options) {
          throw new UnsupportedOperationException("no chart renderer");
        }
      };

  /**
   * Histogram of log10 of the largest absolute error against the baseline, one series per dtype.
   *
   * @param report the sweep's report
   * @return a PNG image
   * @throws IOException when the image cannot be encoded
   */
  byte[] errorHistogram(SweepReport report) throws IOException;

  /**
   * Histogram of log10 of the share of the tolerance used; 0 and above fail.
   *
   * @param report the sweep's report
   * @return a PNG image
   * @throws IOException when the image cannot be encoded
   */
  byte[] toleranceHistogram(SweepReport report) throws IOException;

  /**
   * One bar chart per option, pass rate in percent per value.
   *
   * @param report the sweep's report
   * @param options the options to chart, in order; options the report lacks are left out
   * @return a PNG image per option, in the order of {@code options}
   * @throws IOException when an image cannot be encoded
   */
  Map<String, byte[]> passRates(SweepReport report, List<String> options) throws IOException;
}
