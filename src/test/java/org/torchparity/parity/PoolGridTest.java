package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.DType;
import org.torchparity.spec.LpPool1dSpec;
import org.torchparity.spec.Tensor;

/**
 * The seeded engine-versus-reference grid of the 1-D pooling modules: configurations from their
 * {@link PoolConfigs} sources (kernels, strides, paddings, dilations, ceil mode, indices, batched,
 * unbatched and empty-batch inputs), both dtypes, forward (values and indices) and backward. Half
 * the inputs are small integers, so that windows hold equal maxima (the picked index and the
 * gradient's position are checked on ties) and LPPool1d windows sum to exactly 0 (its zero
 * gradient); a fifth hold NaNs (a window's last NaN is its maximum). LPPool1d with a fractional
 * power gets non-negative inputs (a negative base has no real power). A failure names the seed.
 */
class PoolGridTest {
  private static final long SEED = 14_000L;
  private static final int CALLS_PER_MODULE_AND_DTYPE = 30;
  private static final List<String> MODULES =
      List.of("MaxPool1d", "AvgPool1d", "AdaptiveAvgPool1d", "AdaptiveMaxPool1d", "LPPool1d");

  @Test
  void engineMatchesReferenceOnSeededPoolingGrid() {
    Map<String, Double> largest = new TreeMap<>();
    ConfigSource.Bounds bounds = new ConfigSource.Bounds(3, 9);
    int calls = 0;
    for (String module : MODULES) {
      ConfigSource source = Layers.configSource(module);
      for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
        for (int i = 0; i < CALLS_PER_MODULE_AND_DTYPE; i++) {
          long seed = SEED + 1000L * MODULES.indexOf(module) + 100L * dtype.ordinal() + i;
          SplittableRandom random = new SplittableRandom(seed);
          Configuration config = source.draw(random, dtype, bounds);
          Tensor input = input(random, config);
          int[] outShape = config.spec().outputShape(config.inputShape());
          Tensor gradOutput = EngineReferenceGrid.normal(random, dtype, outShape);
          if (!backwardAccepted(config, gradOutput)) {
            gradOutput = null; // PyTorch's adaptive pooling refuses an empty gradient
          }
          ModuleCall call = ModuleCall.of(config.spec(), Map.of(), input);
          double error;
          try {
            error = EngineReferenceGrid.assertAgree(call, gradOutput);
          } catch (AssertionError e) {
            throw new AssertionError(
                "seed " + seed + ": " + config.spec() + " on " + input + ": " + e.getMessage(), e);
          }
          largest.merge(module + " " + dtype.torchName(), error, Math::max);
          calls++;
        }
      }
    }
    System.out.println("PoolGridTest: " + calls + " calls; largest |engine - reference|:");
    largest.forEach((key, value) -> System.out.println("  " + key + ": " + value));
    assertThat(largest).hasSize(MODULES.size() * 2);
  }

  private static boolean backwardAccepted(Configuration config, Tensor gradOutput) {
    try {
      config.spec().checkGradOutput(config.inputShape(), gradOutput);
      return true;
    } catch (org.torchparity.spec.InvalidArgumentException e) {
      return false;
    }
  }

  /** Normal values, or small integers (ties), sometimes with NaNs; non-negative for LP^p, p ∉ Z. */
  private static Tensor input(SplittableRandom random, Configuration config) {
    int[] shape = config.inputShape();
    DType dtype = config.spec().dtype();
    double[] values = EngineReferenceGrid.normal(random, dtype, shape).toDoubleArray();
    boolean integers = random.nextBoolean();
    boolean nans = random.nextInt(5) == 0;
    boolean fractionalPower =
        config.spec() instanceof LpPool1dSpec lp && lp.normType() != Math.rint(lp.normType());
    for (int i = 0; i < values.length; i++) {
      if (integers) {
        values[i] = random.nextInt(5) - 2;
      }
      if (nans && random.nextInt(6) == 0) {
        values[i] = Double.NaN;
      }
      if (fractionalPower) {
        values[i] = Math.abs(values[i]);
      }
    }
    return Tensor.of(dtype, shape, values);
  }
}
