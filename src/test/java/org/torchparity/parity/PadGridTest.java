package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.DType;
import org.torchparity.spec.DropoutSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * Engine versus pure-Java reference over seeded configurations of the padding, resampling and
 * regularisation modules (drawn by their {@link ConfigSource}s in {@link PadConfigs}): outputs and
 * input gradients, both dtypes; Dropout in eval mode, and in training mode where it draws nothing
 * ({@code p} 0 or 1; the seeded training masks are checked against PyTorch by the cases). Prints
 * the largest difference per module and dtype.
 */
class PadGridTest {
  private static final long SEED = 20260314L;
  private static final int PER_MODULE_AND_DTYPE = 60;
  private static final Map<String, Double> LARGEST = new TreeMap<>();
  private static final ConfigSource.Bounds BOUNDS = new ConfigSource.Bounds(3, 8);

  @Test
  void constantPad1d() {
    grid("ConstantPad1d", PadConfigs::constantPad1d, 1);
  }

  @Test
  void reflectionPad1d() {
    grid("ReflectionPad1d", PadConfigs::reflectionPad1d, 2);
  }

  @Test
  void replicationPad1d() {
    grid("ReplicationPad1d", PadConfigs::replicationPad1d, 3);
  }

  @Test
  void upsample() {
    grid("Upsample", PadConfigs::upsample, 4);
  }

  @Test
  void dropout() {
    grid("Dropout", PadConfigs::dropout, 5);
  }

  /** Dropout's configuration source draws only p 0 and 1; eval mode takes any p. */
  @Test
  void dropoutInEvalModeWithAnyP() {
    grid(
        "Dropout eval any p",
        (random, dtype, bounds) -> {
          Configuration c = PadConfigs.dropout(random, dtype, bounds);
          double p = random.nextInt(101) / 100.0;
          return new Configuration(new DropoutSpec(p, false, dtype), c.inputShape());
        },
        6);
  }

  private static void grid(String name, ConfigSource source, long salt) {
    int calls = 0;
    for (DType dtype : DType.floatingTypes()) {
      for (int i = 0; i < PER_MODULE_AND_DTYPE; i++) {
        long seed = SEED * 31 + salt * 1_000_003L + i * 2L + (dtype == DType.FLOAT64 ? 1 : 0);
        SplittableRandom random = new SplittableRandom(seed);
        Configuration c = source.draw(random, dtype, BOUNDS);
        ModuleSpec spec = c.spec();
        Tensor input = EngineReferenceGrid.normal(random, dtype, c.inputShape());
        Tensor grad = EngineReferenceGrid.normal(random, dtype, spec.outputShape(c.inputShape()));
        for (boolean training : new boolean[] {false, true}) {
          if (training && (!spec.modeDependent() || spec.drawsRandomNumbers())) {
            continue; // the same call, or a draw only libtorch's generator can make
          }
          ModuleCall call = new ModuleCall(spec, Map.of(), input, training, null);
          double worst = EngineReferenceGrid.assertAgree(call, grad);
          LARGEST.merge(name + " " + dtype.torchName(), worst, Math::max);
          calls++;
        }
      }
    }
    assertThat(calls).as(name + " calls").isGreaterThanOrEqualTo(2 * PER_MODULE_AND_DTYPE);
  }

  @AfterAll
  static void printLargestErrors() {
    LARGEST.forEach(
        (key, value) ->
            System.out.printf("pad grid: largest |engine - reference| %-26s %.3e%n", key, value));
  }
}
