package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/**
 * The thread-safety contract of {@link ConvLayer}: one layer shared by many threads gives exactly
 * the single-threaded results, and a forward pass running while parameters are replaced sees either
 * the old or the new parameters, never a mixture.
 */
class ConcurrencyTest {
  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 10_000;
  private static final ConvSpec SPEC =
      ConvSpec.conv1d(4, 6, 3).padding(1).paddingMode(PaddingMode.REFLECT).build();

  @Test
  void eightThreadsTimesTenThousandForwardsAreBitIdenticalToOneThread() throws Exception {
    List<Tensor> inputs = inputs(16);
    try (Conv1d layer = Conv1d.of(SPEC)) {
      layer.resetParameters(3);
      List<double[]> expected = new ArrayList<>();
      for (Tensor input : inputs) {
        expected.add(layer.forward(input).toDoubleArray());
      }
      long mismatches =
          runConcurrently(
              thread -> {
                long wrong = 0;
                for (int call = 0; call < CALLS_PER_THREAD; call++) {
                  int which = (thread * 7 + call) % inputs.size();
                  double[] got = layer.forward(inputs.get(which)).toDoubleArray();
                  if (!Arrays.equals(got, expected.get(which))) {
                    wrong++;
                  }
                }
                return wrong;
              });
      assertThat(mismatches).as("forwards differing from the single-threaded result").isZero();
    }
  }

  @Test
  void forwardsDuringSetParametersSeeOldOrNewParametersNeverAMixture() throws Exception {
    Tensor input = inputs(1).get(0);
    try (Conv1d layer = Conv1d.of(SPEC);
        Conv1d other = Conv1d.of(SPEC)) {
      layer.resetParameters(1);
      other.resetParameters(2);
      Tensor weightA = layer.weight();
      Tensor biasA = layer.bias();
      Tensor weightB = other.weight();
      Tensor biasB = other.bias();
      double[] outA = layer.forward(input).toDoubleArray();
      double[] outB = other.forward(input).toDoubleArray();
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer =
          new Thread(
              () -> {
                for (boolean useB = true; !stop.get(); useB = !useB) {
                  layer.setParameters(useB ? weightB : weightA, useB ? biasB : biasA);
                }
              });
      writer.start();
      long torn;
      try {
        torn =
            runConcurrently(
                thread -> {
                  long wrong = 0;
                  for (int call = 0; call < 2_000; call++) {
                    double[] got = layer.forward(input).toDoubleArray();
                    if (!Arrays.equals(got, outA) && !Arrays.equals(got, outB)) {
                      wrong++;
                    }
                  }
                  return wrong;
                });
      } finally {
        stop.set(true);
        writer.join();
      }
      assertThat(torn).as("forwards that saw a half-written parameter").isZero();
    }
  }

  /** Runs {@code work} on {@link #THREADS} threads started together; sums what they return. */
  private static long runConcurrently(ThreadWork work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return work.run(thread);
                }));
      }
      start.countDown();
      long total = 0;
      for (Future<Long> f : results) {
        total += f.get(5, TimeUnit.MINUTES);
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private interface ThreadWork {
    long run(int thread) throws Exception;
  }

  private static List<Tensor> inputs(int count) {
    SplittableRandom random = new SplittableRandom(20261124);
    List<Tensor> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int length = 3 + random.nextInt(30);
      double[] values = new double[2 * 4 * length];
      for (int j = 0; j < values.length; j++) {
        values[j] = random.nextDouble(-2, 2);
      }
      inputs.add(Tensor.of(DType.FLOAT32, new int[] {2, 4, length}, values));
    }
    return inputs;
  }
}
