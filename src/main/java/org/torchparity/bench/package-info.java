/**
 * The {@code bench} command's machinery: the cases ({@link org.torchparity.bench.BenchCase}), the
 * implementations timed in this JVM ({@link org.torchparity.bench.Impl}), the harness that times
 * them side by side ({@link org.torchparity.bench.Harness}), the child JVM for raw DJL with DJL's
 * defaults ({@link org.torchparity.bench.BenchChild}), the PyTorch script it runs as a subprocess,
 * and the report. The JMH benchmarks under {@code src/jmh/java} reuse the same cases and
 * implementations. See BENCHMARKS.md.
 */
package org.torchparity.bench;
