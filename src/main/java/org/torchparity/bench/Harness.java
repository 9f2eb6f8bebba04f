package org.torchparity.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Times workloads side by side, the way a noisy two-core machine needs:
 *
 * <ol>
 *   <li><b>Warm-up, time-boxed:</b> each workload runs for {@code warmupSeconds} (at least once). A
 *       tiny call needs tens of thousands of calls before the JIT has compiled the whole path and
 *       libtorch's caches are primed; a second of warm-up gives it about a hundred thousand.
 *   <li><b>Batches of at least a millisecond:</b> the batch size doubles until one batch takes 1
 *       ms, so that the clock's resolution and its own cost vanish for tiny calls; a large call is
 *       its own batch.
 *   <li><b>Interleaved rounds:</b> the measuring time is cut into {@link #ROUNDS} rounds, and in
 *       each round every workload gets its slice in turn. Background load then falls on all of them
 *       alike, which keeps the ratios between them honest even when absolute times wander.
 *   <li><b>Median</b> of the per-call times of all batches (each batch's time divided by its
 *       calls), with at least {@link #MIN_SAMPLES} batches per workload.
 * </ol>
 *
 * <p>Before each workload's warm-up and each of its turns the harness runs a full garbage
 * collection, outside the timing, so that no workload pays for an earlier one's garbage. The
 * pure-Java reference leaves hundreds of megabytes of garbage per large call; without the
 * collection, the collector's background threads would run during the next workload's turn and, on
 * two cores, stall libtorch's two OpenMP threads (one of them waits at every barrier for the other
 * to be scheduled again), charging the reference's garbage to the facade.
 */
final class Harness {
  /** Rounds the measuring time is cut into. */
  static final int ROUNDS = 5;

  /** Fewest batches per workload, even when that overruns the time budget. */
  static final int MIN_SAMPLES = 5;

  private static final long MIN_BATCH_NANOS = 1_000_000L;

  private Harness() {}

  /**
   * What one workload measured.
   *
   * @param medianMs median per-call time in milliseconds
   * @param minMs fastest batch's per-call time
   * @param samples batches timed
   * @param calls calls made, warm-up included
   */
  public record Timing(double medianMs, double minMs, int samples, long calls) {}

  /**
   * Warms up and measures workloads in interleaved rounds.
   *
   * @param workloads the workloads, all for the same case
   * @param warmupSeconds warm-up time per workload
   * @param seconds measuring time per workload
   * @return one timing per workload, in order
   */
  public static List<Timing> measure(
      List<Workload> workloads, double warmupSeconds, double seconds) {
    int n = workloads.size();
    long[] calls = new long[n];
    int[] batch = new int[n];
    List<List<Double>> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Workload w = workloads.get(i);
      settle();
      calls[i] = warmUp(w, warmupSeconds);
      batch[i] = 1;
      while (true) {
        long t = System.nanoTime();
        run(w, batch[i]);
        long elapsed = System.nanoTime() - t;
        calls[i] += batch[i];
        if (elapsed >= MIN_BATCH_NANOS || batch[i] >= 1 << 20) {
          break;
        }
        batch[i] *= 2;
      }
      samples.add(new ArrayList<>());
    }
    long slice = (long) (seconds * 1e9 / ROUNDS);
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < n; i++) {
        settle();
        long end = System.nanoTime() + slice;
        do {
          samples.get(i).add(timeBatch(workloads.get(i), batch[i]));
          calls[i] += batch[i];
        } while (System.nanoTime() < end);
      }
    }
    for (int i = 0; i < n; i++) {
      while (samples.get(i).size() < MIN_SAMPLES) {
        samples.get(i).add(timeBatch(workloads.get(i), batch[i]));
        calls[i] += batch[i];
      }
    }
    List<Timing> timings = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] s = samples.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      timings.add(new Timing(median(s), s[0], s.length, calls[i]));
    }
    return timings;
  }

  /** Collects earlier workloads' garbage before the next one runs (see the class comment). */
  private static void settle() {
    System.gc();
  }

  private static long warmUp(Workload w, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long calls = 0;
    do {
      w.call();
      calls++;
    } while (System.nanoTime() < end);
    return calls;
  }

  private static double timeBatch(Workload w, int batch) {
    long t = System.nanoTime();
    run(w, batch);
    return (System.nanoTime() - t) / 1e6 / batch;
  }

  private static void run(Workload w, int batch) {
    for (int k = 0; k < batch; k++) {
      w.call();
    }
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }
}
