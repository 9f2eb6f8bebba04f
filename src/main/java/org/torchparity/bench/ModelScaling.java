package org.torchparity.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.torchparity.engine.ProcessMemory;
import org.torchparity.spec.InvalidArgumentException;

/**
 * The whole-model scaling sweep of {@code bench --scaling} (issue 18, item 5): each model case
 * named in {@code --cases} at four sizes along batch x length, the case's {@code batch * length}
 * scaled by 1/4, 1/2, 1 and 2, growing batch, length and batch again in turn. Timed with
 * facade-ndarray, and with python-tuned (PyTorch in a child process) when it is asked for. Each row
 * reports the time per sample and per input element, so that a model whose cost is linear in its
 * input shows a flat time per element; a verdict row per model and implementation gives the largest
 * over the smallest.
 */
final class ModelScaling {
  /** Within this ratio of largest to smallest time per element a sweep is called flat. */
  static final double FLAT = 1.5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final BenchRun.Options options;
  private final int threads;
  private final PrintWriter progress;
  private final List<BenchRun.Unavailable> unavailable;
  private final List<Map<String, Object>> rows = new ArrayList<>();
  private Path script;

  private ModelScaling(
      BenchRun.Options options,
      int threads,
      PrintWriter progress,
      List<BenchRun.Unavailable> unavailable) {
    this.options = options;
    this.threads = threads;
    this.progress = progress;
    this.unavailable = unavailable;
  }

  /**
   * Runs the sweep over the model cases of a run.
   *
   * @param options the run's options: its model cases, impls and times
   * @param threads libtorch intra-op threads, for the rows and the Python child
   * @param progress where to print rows as they finish, or {@code null}
   * @param unavailable where to add what could not run
   * @return the rows, each with {@code "kind": "model"}, then one {@code "kind": "model_verdict"}
   *     row per model and implementation; empty when the run names no model case
   */
  static List<Map<String, Object>> run(
      BenchRun.Options options,
      int threads,
      PrintWriter progress,
      List<BenchRun.Unavailable> unavailable) {
    ModelScaling s = new ModelScaling(options, threads, progress, unavailable);
    for (BenchCase c : options.cases()) {
      if (ModelCases.isModel(c)) {
        s.sweep(c);
      }
    }
    return s.rows;
  }

  /**
   * The four input shapes of a model's sweep: from the case's {@code (B, C, L)}, {@code (B/2, C,
   * L/2)}, {@code (B, C, L/2)}, {@code (B, C, L)} and {@code (2B, C, L)} (a batch of 1 stays 1).
   *
   * @param c a model case
   * @return the cases at those shapes, each checked by its model's output-shape rule
   * @throws InvalidArgumentException naming {@code cases} when a size is too short for the model
   */
  static List<BenchCase> sizes(BenchCase c) {
    int[] base = c.inputShape();
    int b = base[0];
    int l = base[2];
    int[][] shapes = {
      {Math.max(1, b / 2), base[1], l / 2},
      {b, base[1], l / 2},
      {b, base[1], l},
      {2 * b, base[1], l}
    };
    List<BenchCase> result = new ArrayList<>();
    for (int[] shape : shapes) {
      try {
        result.add(
            new BenchCase(
                c.name(), c.spec(), shape, false, c.name() + " scaled to " + List.of(shape)));
      } catch (InvalidArgumentException e) {
        throw new InvalidArgumentException(
            "cases",
            c.name()
                + " cannot run at "
                + java.util.Arrays.toString(shape)
                + " for its scaling sweep: "
                + e.getMessage());
      }
    }
    return result;
  }

  private void sweep(BenchCase c) {
    boolean python = options.impls().contains("python-tuned") && !options.child();
    List<Map<String, Object>> ndarray = new ArrayList<>();
    List<Map<String, Object>> tuned = new ArrayList<>();
    double baseElements = (double) c.inputShape()[0] * c.inputShape()[2];
    for (BenchCase size : sizes(c)) {
      boolean perSize = ProcessMemory.resetPeak();
      Harness.Timing t;
      float[] output;
      try (Workload w = Impl.FACADE_NDARRAY.prepare(size)) {
        output = python ? w.output() : null;
        t = Harness.measure(List.of(w), options.warmupSeconds(), options.seconds()).get(0);
      }
      Map<String, Object> row =
          row(size, "facade-ndarray", t.medianMs(), ProcessMemory.peakRssMegabytes(), baseElements);
      row.put("peak_rss_scope", perSize ? "this size" : "process lifetime");
      add(ndarray, row);
      if (python) {
        Map<String, Object> p = runPython(size, output, baseElements);
        if (p != null) {
          add(tuned, p);
        } else {
          python = false;
        }
      }
    }
    verdict(c, "facade-ndarray", ndarray);
    if (tuned.size() == ndarray.size()) {
      verdict(c, "python-tuned", tuned);
    }
  }

  private void add(List<Map<String, Object>> series, Map<String, Object> row) {
    series.add(row);
    rows.add(row);
    if (progress != null) {
      progress.printf(
          Locale.ROOT,
          "scaling %-16s %-16s %-15s x%-5s %10.3f ms %9.4f ms/sample %8.3f ns/element"
              + " peak RSS %.0f MB%n",
          row.get("case"),
          java.util.Arrays.toString((int[]) row.get("input_shape")),
          row.get("impl"),
          row.get("size_factor"),
          (Double) row.get("median_ms"),
          (Double) row.get("ms_per_sample"),
          (Double) row.get("ns_per_element"),
          (Double) row.get("peak_rss_mb"));
      progress.flush();
    }
  }

  static Map<String, Object> row(
      BenchCase size, String impl, double medianMs, double peakRssMb, double baseElements) {
    int[] shape = size.inputShape();
    double elements = (double) shape[0] * shape[2];
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", "model");
    m.put("case", size.name());
    m.put("impl", impl);
    m.put("input_shape", shape);
    m.put("size_factor", Row.round(elements / baseElements, 4));
    m.put("median_ms", Row.round(medianMs, 6));
    m.put("ms_per_sample", Row.round(medianMs / shape[0], 6));
    m.put("ns_per_element", Row.round(medianMs * 1e6 / elements, 6));
    m.put("peak_rss_mb", Row.round(peakRssMb, 5));
    return m;
  }

  /**
   * Adds the verdict of one series: the largest time per element over the smallest, "flat" within
   * {@link #FLAT}.
   */
  private void verdict(BenchCase c, String impl, List<Map<String, Object>> series) {
    Map<String, Object> v = verdictRow(c.name(), impl, series);
    rows.add(v);
    if (progress != null) {
      progress.printf(
          Locale.ROOT,
          "scaling %-16s %-16s %-15s ns/element largest/smallest x%.2f: %s%n",
          c.name(),
          "verdict",
          impl,
          (Double) v.get("ns_per_element_max_over_min"),
          v.get("verdict"));
      progress.flush();
    }
  }

  static Map<String, Object> verdictRow(
      String caseName, String impl, List<Map<String, Object>> series) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Map<String, Object> r : series) {
      double ns = (Double) r.get("ns_per_element");
      min = Math.min(min, ns);
      max = Math.max(max, ns);
    }
    double ratio = max / min;
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("kind", "model_verdict");
    v.put("case", caseName);
    v.put("impl", impl);
    v.put("ns_per_element_max_over_min", Row.round(ratio, 3));
    v.put("verdict", ratio <= FLAT ? "flat" : "not flat");
    return v;
  }

  // ---------------------------------------------------------------- python-tuned

  /**
   * PyTorch eager with glibc's allocator tuned, in a child process per size, on the same weights
   * and input; its output is checked against facade-ndarray's before its time counts.
   *
   * @return the row, or {@code null} when it could not run (recorded in {@code unavailable})
   */
  private Map<String, Object> runPython(BenchCase size, float[] expected, double baseElements) {
    String label = "python-tuned";
    if (!Files.isExecutable(Path.of(options.python()))) {
      unavailable.add(
          new BenchRun.Unavailable(size.name(), label, options.python() + " not found"));
      return null;
    }
    Path dir = ModelCases.writeInputs(size);
    try {
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("cases", List.of(size.toJson()));
      request.put("seconds", options.seconds());
      request.put("warmup_seconds", options.warmupSeconds());
      request.put("threads", threads);
      request.put("weights", dir.resolve("weights.npz").toString());
      request.put("inputs", dir.resolve("input.npz").toString());
      request.put("output", dir.resolve("output.npz").toString());
      long limit = (long) (60 + 40 * (options.seconds() + options.warmupSeconds()));
      ChildProcess.Outcome outcome =
          ChildProcess.run(
              List.of(options.python(), script().toString()),
              JSON.writeValueAsString(request),
              true,
              limit);
      JsonNode out = outcome.json();
      String failure =
          outcome.failure() != null
              ? outcome.failure()
              : out == null ? "no output" : out.has("error") ? out.get("error").asText() : null;
      if (failure != null) {
        unavailable.add(new BenchRun.Unavailable(size.name(), label, failure));
        return null;
      }
      ModelCases.check(size, label, expected, ModelCases.readOutput(dir.resolve("output.npz")));
      JsonNode r = out.path("results").path(0);
      Map<String, Object> row =
          row(
              size,
              label,
              r.path("median_ms").asDouble(),
              r.path("peak_rss_mb").asDouble(-1),
              baseElements);
      row.put("peak_rss_scope", "child process lifetime");
      return row;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      ModelCases.deleteTree(dir);
    }
  }

  private Path script() throws IOException {
    if (script == null) {
      try (InputStream in = BenchRun.class.getResourceAsStream(BenchRun.SCRIPT)) {
        if (in == null) {
          throw new IllegalStateException(BenchRun.SCRIPT + " is missing from the jar");
        }
        Path file = Files.createTempFile("torch-parity-bench-scaling", ".py");
        file.toFile().deleteOnExit();
        Files.write(file, in.readAllBytes());
        script = file;
      }
    }
    return script;
  }
}
