package org.torchparity.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every JMH benchmark here shares: one {@link Impl} prepared for one {@link BenchCase} per
 * fork, exactly as the {@code bench} command prepares it, and one call per invocation. Subclasses
 * pick the implementation and list the cases it can run. Warm-up is time-based, so a tiny call gets
 * its hundreds of thousands of calls before measurement; override with {@code -wi}, {@code -w},
 * {@code -i}, {@code -r}, {@code -f}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xmx2g",
      "-Dtorchparity.memoryTuning=true",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
      "-Dorg.slf4j.simpleLogger.log.ai.djl=error"
    })
public abstract class ConvBenchmark {
  private Workload workload;

  /**
   * Returns the implementation to time.
   *
   * @return the implementation
   */
  abstract Impl impl();

  /**
   * Returns the case to time (a {@code @Param} of the subclass).
   *
   * @return the case's name
   */
  abstract String caseName();

  /** Prepares the workload: inputs and parameters are made here, outside the timing. */
  @Setup(Level.Trial)
  public void prepare() {
    workload = impl().workload(BenchCase.parse(caseName()).get(0));
  }

  /** Times one call. */
  @Benchmark
  public void call() {
    workload.call();
  }

  /** Frees the workload's native memory. */
  @TearDown(Level.Trial)
  public void close() {
    workload.close();
  }
}
