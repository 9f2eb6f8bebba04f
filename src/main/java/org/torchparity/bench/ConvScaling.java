package org.torchparity.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.engine.ProcessMemory;
import org.torchparity.spec.ConvSpec;

/**
 * The Conv1d scaling sweeps of {@code bench --scaling} ({@link BenchRun.Scaling}): {@code
 * Conv1d(channels, channels, 3)} against length at a fixed batch and against batch at a fixed
 * length, for the facade and the reference.
 */
final class ConvScaling {
  private ConvScaling() {}

  /**
   * Runs the sweeps.
   *
   * @param options the run's options; {@code scaling()} is the plan
   * @param threads the libtorch threads, for the rows
   * @param progress where rows are printed as they finish, or {@code null}
   * @return one row per size and implementation
   */
  static List<Map<String, Object>> run(
      BenchRun.Options options, int threads, PrintWriter progress) {
    BenchRun.Scaling plan = options.scaling();
    List<Map<String, Object>> scalingRows = new ArrayList<>();
    List<String> impls =
        options.impls().stream().filter(i -> i.equals("facade") || i.equals("reference")).toList();
    ConvSpec spec = ConvSpec.conv1d(plan.channels(), plan.channels(), 3).build();
    for (String axis : List.of("length", "batch")) {
      int[] values = axis.equals("length") ? plan.lengths() : plan.batches();
      for (String label : impls) {
        double previous = Double.NaN;
        int previousValue = 0;
        for (int value : values) {
          int[] shape =
              axis.equals("length")
                  ? new int[] {plan.batch(), plan.channels(), value}
                  : new int[] {value, plan.channels(), plan.length()};
          BenchCase c =
              new BenchCase(
                  axis + "=" + value, spec, shape, false, "Conv1d(64, 64, 3) on " + List.of(shape));
          Harness.Timing t;
          try (Workload w = (label.equals("facade") ? Impl.FACADE : Impl.REFERENCE).prepare(c)) {
            t = Harness.measure(List.of(w), options.warmupSeconds(), options.seconds()).get(0);
          }
          Row row =
              Row.of(
                  c,
                  label,
                  t,
                  label.equals("reference") ? Runtime.getRuntime().availableProcessors() : threads,
                  -1,
                  ProcessMemory.rssMegabytes());
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("kind", "conv1d");
          m.put("axis", axis);
          m.put("value", value);
          m.put("input_shape", shape);
          m.put("impl", label);
          m.put("median_ms", Row.round(row.medianMs(), 6));
          m.put("gflops", Row.round(row.gflops(), 3));
          m.put("growth", Double.isNaN(previous) ? null : Row.round(row.medianMs() / previous, 3));
          m.put(
              "size_growth",
              Double.isNaN(previous) ? null : Row.round((double) value / previousValue, 3));
          scalingRows.add(m);
          previous = row.medianMs();
          previousValue = value;
          if (progress != null) {
            BenchReport.printScalingRow(progress, m);
            progress.flush();
          }
        }
      }
    }
    return scalingRows;
  }
}
