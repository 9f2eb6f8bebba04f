package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Engine versus pure-Java reference over a seeded grid of the smooth gates and the softmaxes
 * ({@link ActivationGateConfigs}): forward and gradient, both dtypes, every argument the sources
 * draw. Inputs are standard normals times 4, so every region of the hard gates (below -3, between,
 * above 3) is hit. A failure names the seed that reproduces it; the largest difference per module
 * and dtype is printed at the end.
 */
class ActivationGateGridTest {
  private static final long SEED = 20260714L;
  private static final int PER_MODULE_AND_DTYPE = 24;
  private static final List<String> MODULES =
      List.of("GELU", "SiLU", "Mish", "Hardswish", "Hardsigmoid", "Softmax", "LogSoftmax");
  private static final ConfigSource.Bounds BOUNDS = new ConfigSource.Bounds(3, 12);
  private static final Map<String, Double> LARGEST = new TreeMap<>();

  @TestFactory
  Stream<DynamicTest> engineMatchesReference() {
    List<DynamicTest> tests = new ArrayList<>();
    long seed = SEED;
    for (String module : MODULES) {
      for (DType dtype : DType.floatingTypes()) {
        for (int i = 0; i < PER_MODULE_AND_DTYPE; i++) {
          long s = seed++;
          tests.add(
              DynamicTest.dynamicTest(
                  module + " " + dtype + " seed " + s, () -> check(s, module, dtype)));
        }
      }
    }
    return tests.stream();
  }

  private static void check(long seed, String module, DType dtype) {
    SplittableRandom random = new SplittableRandom(seed);
    Configuration config = Layers.configSource(module).draw(random, dtype, BOUNDS);
    assertThat(config.spec().typeName()).isEqualTo(module);
    Tensor input = scaled(EngineReferenceGrid.normal(random, dtype, config.inputShape()), 4);
    Tensor gradOutput =
        EngineReferenceGrid.normal(random, dtype, config.spec().outputShape(config.inputShape()));
    double worst =
        EngineReferenceGrid.assertAgree(ModuleCall.of(config.spec(), Map.of(), input), gradOutput);
    String key =
        module
            + (module.equals("GELU") ? "(" + approximate(config) + ")" : "")
            + " "
            + dtype.torchName();
    synchronized (LARGEST) {
      LARGEST.merge(key, worst, Math::max);
    }
  }

  private static String approximate(Configuration config) {
    return ((org.torchparity.spec.GeluSpec) config.spec()).approximate();
  }

  private static Tensor scaled(Tensor t, double factor) {
    double[] v = t.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      v[i] *= factor;
    }
    return Tensor.of(t.dtype(), t.shape(), v);
  }

  @AfterAll
  static void printLargestErrors() {
    LARGEST.forEach(
        (key, value) ->
            System.out.printf(
                "act_gate grid: %-26s largest |engine - reference| %.3e%n", key, value));
  }
}
