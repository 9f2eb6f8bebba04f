package org.torchparity.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured (case, implementation) pair, as the JSON reports it.
 *
 * @param caseName the case
 * @param impl the implementation's label
 * @param medianMs median milliseconds per call
 * @param minMs fastest batch's milliseconds per call
 * @param gflops the case's operations divided by the median time, in GFLOP/s
 * @param samples batches timed
 * @param calls calls made, warm-up included
 * @param threads libtorch intra-op threads of the measuring thread (0 for the reference)
 * @param rssBeforeMb resident memory of the measuring process before the case, MB
 * @param rssAfterMb resident memory after it, MB
 */
record Row(
    String caseName,
    String impl,
    double medianMs,
    double minMs,
    double gflops,
    int samples,
    long calls,
    int threads,
    double rssBeforeMb,
    double rssAfterMb) {

  static Row of(
      BenchCase c, String impl, Harness.Timing t, int threads, double rssBefore, double rssAfter) {
    return new Row(
        c.name(),
        impl,
        t.medianMs(),
        t.minMs(),
        c.flops() / (t.medianMs() * 1e6),
        t.samples(),
        t.calls(),
        threads,
        rssBefore,
        rssAfter);
  }

  /**
   * Returns the row as JSON fields.
   *
   * @return field name to value, in a stable order
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", caseName);
    m.put("impl", impl);
    m.put("median_ms", round(medianMs, 6));
    m.put("gflops", round(gflops, 3));
    m.put("min_ms", round(minMs, 6));
    m.put("samples", samples);
    m.put("calls", calls);
    m.put("threads", threads);
    m.put("rss_before_mb", round(rssBeforeMb, 1));
    m.put("rss_after_mb", round(rssAfterMb, 1));
    return m;
  }

  /**
   * Reads a row from JSON fields (a child process's output).
   *
   * @param node the object
   * @param impl the label to give it
   * @param c the case, for the GFLOP/s figure
   * @param threads the thread count to record
   * @return the row
   */
  static Row fromJson(JsonNode node, String impl, BenchCase c, int threads) {
    double median = node.get("median_ms").asDouble();
    return new Row(
        c.name(),
        impl,
        median,
        node.get("min_ms").asDouble(),
        c.flops() / (median * 1e6),
        node.get("samples").asInt(),
        node.get("calls").asLong(),
        threads,
        node.path("rss_before_mb").asDouble(-1),
        node.path("rss_after_mb").asDouble(-1));
  }

  static double round(double value, int digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).doubleValue();
  }
}
