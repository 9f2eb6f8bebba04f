package org.torchparity.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.torchparity.spec.ConvSpec;

/**
 * What a benchmark run measured, printed as a table or as one JSON object. Ratios are speed-ups:
 * the other implementation's median time divided by the facade's, so above 1 means the facade is
 * faster.
 *
 * @param machine the CPU, cores, versions, threads, memory recipe and date
 * @param options what was asked for
 * @param rows every measured (case, implementation) pair
 * @param unavailable pairs that could not run, with the reason
 * @param scaling the scaling sweeps' rows, empty without {@code --scaling}
 * @param rssStartMb this JVM's resident memory when the run started
 * @param rssEndMb and when it ended
 */
public record BenchReport(
    Map<String, Object> machine,
    BenchRun.Options options,
    List<Row> rows,
    List<BenchRun.Unavailable> unavailable,
    List<Map<String, Object>> scaling,
    double rssStartMb,
    double rssEndMb) {

  /** Copies the lists. */
  public BenchReport {
    machine = new LinkedHashMap<>(machine);
    rows = List.copyOf(rows);
    unavailable = List.copyOf(unavailable);
    scaling = List.copyOf(scaling);
  }

  /**
   * Finds a row.
   *
   * @param caseName the case
   * @param impl the implementation label
   * @return the row, when measured
   */
  public Optional<Row> row(String caseName, String impl) {
    return rows.stream()
        .filter(r -> r.caseName().equals(caseName) && r.impl().equals(impl))
        .findFirst();
  }

  /**
   * Computes the ratios of each case that has a facade row.
   *
   * @return one map per case: case, then whichever ratios the measured rows allow
   */
  public List<Map<String, Object>> ratios() {
    List<Map<String, Object>> result = new ArrayList<>();
    for (BenchCase c : options.cases()) {
      Optional<Row> facade = row(c.name(), "facade");
      if (facade.isEmpty()) {
        continue;
      }
      double f = facade.get().medianMs();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("case", c.name());
      row(c.name(), "djl").ifPresent(r -> m.put("facade_vs_djl", Row.round(r.medianMs() / f, 3)));
      row(c.name(), "python")
          .ifPresent(r -> m.put("facade_vs_python", Row.round(r.medianMs() / f, 3)));
      Optional<Row> best =
          rows.stream()
              .filter(r -> r.caseName().equals(c.name()))
              .filter(
                  r ->
                      r.impl().equals("djl-recipe")
                          || r.impl().equals("python")
                          || r.impl().equals("python-tuned"))
              .min((a, b) -> Double.compare(a.medianMs(), b.medianMs()));
      best.ifPresent(
          b -> {
            m.put("best_libtorch", b.impl());
            m.put("facade_vs_best_libtorch", Row.round(b.medianMs() / f, 3));
            row(c.name(), "facade-ndarray")
                .ifPresent(
                    n ->
                        m.put(
                            "facade_ndarray_vs_best_libtorch",
                            Row.round(b.medianMs() / n.medianMs(), 3)));
            row(c.name(), "facade-buffer")
                .ifPresent(
                    n ->
                        m.put(
                            "facade_buffer_vs_best_libtorch",
                            Row.round(b.medianMs() / n.medianMs(), 3)));
          });
      pairwise(c.name(), m);
      row(c.name(), "reference")
          .ifPresent(r -> m.put("reference_vs_facade", Row.round(f / r.medianMs(), 4)));
      if (!c.name().equals("large")
          && (c.backward() || (c.spec() instanceof ConvSpec conv && conv.transposed()))) {
        row("large", "facade")
            .ifPresent(
                large -> {
                  m.put("time_vs_large_forward", Row.round(f / large.medianMs(), 3));
                  m.put(
                      "time_per_flop_vs_large_forward",
                      Row.round(large.gflops() / facade.get().gflops(), 3));
                });
        // The same comparison on the native API, where no host copies or dtype conversions
        // are timed: the cost of the engine work itself.
        row(c.name(), "facade-ndarray")
            .ifPresent(
                n ->
                    row("large", "facade-ndarray")
                        .ifPresent(
                            large ->
                                m.put(
                                    "ndarray_time_vs_large_forward",
                                    Row.round(n.medianMs() / large.medianMs(), 3))));
      }
      result.add(m);
    }
    return result;
  }

  /**
   * Returns the report as one JSON object: {@code machine}, {@code results} (the facade, djl,
   * reference and python rows), {@code extras} (facade-ndarray, facade-buffer, djl-recipe,
   * python-tuned), {@code unavailable}, {@code ratios}, {@code rss_mb} and, with {@code --scaling},
   * {@code scaling}.
   *
   * @return the fields
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("machine", machine);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("cases", options.cases().stream().map(BenchCase::name).toList());
    settings.put("impls", options.impls());
    settings.put("seconds", options.seconds());
    settings.put("warmup_seconds", options.warmupSeconds());
    m.put("settings", settings);
    m.put(
        "results",
        rows.stream()
            // "reference (batch 1)", the model cases' reduced reference, is the reference's row
            .filter(r -> BenchRun.PRIMARY.contains(r.impl().replace(" (batch 1)", "")))
            .map(Row::toJson)
            .toList());
    m.put(
        "extras",
        rows.stream().filter(r -> BenchRun.EXTRAS.contains(r.impl())).map(Row::toJson).toList());
    m.put("unavailable", unavailable.stream().map(BenchRun.Unavailable::toJson).toList());
    m.put("ratios", ratios());
    Map<String, Object> rss = new LinkedHashMap<>();
    rss.put("start", Row.round(rssStartMb, 4));
    rss.put("end", Row.round(rssEndMb, 4));
    m.put("rss_mb", rss);
    if (!scaling.isEmpty()) {
      m.put("scaling", scaling);
    }
    return m;
  }

  /**
   * Returns {@link #toJson()} as a string.
   *
   * @return one line of JSON
   */
  public String toJsonString() {
    try {
      return new ObjectMapper().writeValueAsString(toJson());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- table

  /**
   * Prints the header line of the table.
   *
   * @param out where
   */
  public static void printHeader(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%-10s %-15s %12s %10s %10s %9s %18s%n",
        "case",
        "impl",
        "median ms",
        "min ms",
        "GFLOP/s",
        "calls",
        "RSS MB before>after");
  }

  static void printRows(PrintWriter out, List<Row> rows) {
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "%-10s %-15s %12s %10s %10s %9d %18s%n",
          r.caseName(),
          r.impl(),
          ms(r.medianMs()),
          ms(r.minMs()),
          String.format(Locale.ROOT, r.gflops() < 1 ? "%.3f" : "%.1f", r.gflops()),
          r.calls(),
          String.format(Locale.ROOT, "%.0f>%.0f", r.rssBeforeMb(), r.rssAfterMb()));
    }
  }

  static void printScalingRow(PrintWriter out, Map<String, Object> m) {
    Object growth = m.get("growth");
    out.printf(
        Locale.ROOT,
        "scaling %-6s %-7s %-15s %12s %10.1f %s%n",
        m.get("axis"),
        m.get("value"),
        m.get("impl"),
        ms((Double) m.get("median_ms")),
        (Double) m.get("gflops"),
        growth == null
            ? ""
            : String.format(
                Locale.ROOT, "time x%.2f for size x%s", (Double) growth, m.get("size_growth")));
  }

  /**
   * The issue-18 speed-ups, where both rows exist: each torch-parity implementation (facade,
   * facade-ndarray, facade-scripted) against python-tuned and torchscript, as {@code
   * <ours>_vs_<theirs>} = their median time / ours (above 1: ours is faster).
   */
  private void pairwise(String caseName, Map<String, Object> m) {
    for (String ours : List.of("facade", "facade-ndarray", "facade-scripted")) {
      for (String theirs : List.of("python-tuned", "torchscript")) {
        Optional<Row> a = row(caseName, ours);
        Optional<Row> b = row(caseName, theirs);
        if (a.isPresent() && b.isPresent()) {
          m.put(
              (ours + "_vs_" + theirs).replace('-', '_'),
              Row.round(b.get().medianMs() / a.get().medianMs(), 3));
        }
      }
    }
  }

  /**
   * Prints the ratios and what could not run (the rows were printed as they finished).
   *
   * @param out where
   */
  public void printSummary(PrintWriter out) {
    for (BenchRun.Unavailable u : unavailable) {
      out.printf(Locale.ROOT, "%-10s %-15s n/a: %s%n", u.caseName(), u.impl(), u.reason());
    }
    List<Map<String, Object>> ratios = ratios();
    if (!ratios.isEmpty()) {
      out.println();
      out.println("speed-ups of the facade (other's median time / facade's):");
      for (Map<String, Object> m : ratios) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", m.get("case")));
        m.forEach(
            (k, v) -> {
              if (!k.equals("case")) {
                line.append("  ").append(k).append('=').append(v);
              }
            });
        out.println(line);
      }
    }
    out.printf(Locale.ROOT, "%nJVM RSS: %.0f MB at start, %.0f MB at end%n", rssStartMb, rssEndMb);
  }

  /**
   * Prints the machine line.
   *
   * @param out where
   */
  public void printMachine(PrintWriter out) {
    out.println(describeMachine(machine));
  }

  static String describeMachine(Map<String, Object> machine) {
    return String.format(
        Locale.ROOT,
        "%s, %s cores, %s, libtorch %s (DJL %s), intra-op threads %s, memory recipe: %s, %s",
        machine.get("cpu"),
        machine.get("cores"),
        machine.get("java"),
        machine.get("libtorch"),
        machine.get("djl"),
        machine.get("intra_op_threads"),
        machine.get("memory_tuning"),
        machine.get("date"));
  }

  private static String ms(double v) {
    if (v < 0.1) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
    if (v < 10) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
