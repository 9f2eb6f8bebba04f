package org.torchparity.parity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.torchparity.spec.CeluSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.EluSpec;
import org.torchparity.spec.HardtanhSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Relu6Spec;
import org.torchparity.spec.SoftplusSpec;
import org.torchparity.spec.Tensor;

/**
 * Engine versus pure-Java reference over seeded configurations of the rectifier, clamp, exponential
 * and soft activations, drawn from their {@link ConfigSource}s: forward, grad_input and PReLU's
 * weight gradient, both dtypes. The inputs are normal values times 4, with about one element in six
 * replaced by a kink of the module (0, -0.0, the clamp bounds, {@code threshold / beta}), where the
 * backward kernels branch. Prints the largest difference per module and dtype.
 */
class ActivationRectGridTest {
  private static final long SEED = 20260214L;
  private static final int PER_DTYPE = 14;
  private static final ConfigSource.Bounds BOUNDS = new ConfigSource.Bounds(3, 12);
  private static final Map<String, Double> LARGEST = new TreeMap<>();
  private static final Map<String, Double> LARGEST_SCALED = new TreeMap<>();

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "ReLU6",
        "LeakyReLU",
        "PReLU",
        "Hardtanh",
        "ELU",
        "SELU",
        "CELU",
        "Tanh",
        "Sigmoid",
        "Softsign",
        "Softplus"
      })
  void engineAgreesWithReference(String module) {
    ConfigSource source = Layers.configSource(module);
    for (DType dtype : DType.floatingTypes()) {
      for (int i = 0; i < PER_DTYPE; i++) {
        long seed = SEED + 1000L * module.hashCode() + 100L * dtype.ordinal() + i;
        SplittableRandom random = new SplittableRandom(seed);
        Configuration config = source.draw(random, dtype, BOUNDS);
        ModuleSpec spec = config.spec();
        Tensor input = withKinks(random, spec, config.inputShape());
        Map<String, Tensor> state = new LinkedHashMap<>();
        Layers.parameterShapes(spec)
            .forEach(
                (key, shape) -> state.put(key, EngineReferenceGrid.normal(random, dtype, shape)));
        Tensor gradOutput =
            EngineReferenceGrid.normal(random, dtype, spec.outputShape(config.inputShape()));
        ModuleCall call = ModuleCall.of(spec, state, input);
        double worst;
        try {
          worst = EngineReferenceGrid.assertAgree(call, gradOutput);
        } catch (AssertionError e) {
          throw new AssertionError("seed " + seed + ": " + config + ": " + e.getMessage(), e);
        }
        String key = module + " " + dtype.torchName();
        LARGEST.merge(key, worst, Math::max);
        LARGEST_SCALED.merge(
            key, worst / Math.max(1, largestMagnitude(call, gradOutput)), Math::max);
      }
    }
  }

  @AfterAll
  static void printLargestErrors() {
    LARGEST.forEach(
        (key, value) ->
            System.out.printf(
                "ActivationRectGridTest %-18s largest |engine - reference| %.3e, over max(1,"
                    + " largest |value|) %.3e%n",
                key, value, LARGEST_SCALED.get(key)));
  }

  /**
   * The largest finite magnitude among the reference's output and gradients: negative CELU alphas
   * make {@code exp(-x / |alpha|)} large, so absolute differences are read against it.
   */
  private static double largestMagnitude(ModuleCall call, Tensor gradOutput) {
    ReferenceKernel reference = new ReferenceKernel();
    double largest = 0;
    java.util.List<Tensor> tensors = new java.util.ArrayList<>(reference.call(call).outputs());
    var gradients = reference.backward(call, gradOutput);
    tensors.add(gradients.gradInput());
    tensors.addAll(gradients.grads().values());
    for (Tensor t : tensors) {
      for (double v : t.toDoubleArray()) {
        if (Double.isFinite(v)) {
          largest = Math.max(largest, Math.abs(v));
        }
      }
    }
    return largest;
  }

  /** Normal values times 4, about one in six replaced by one of the module's kinks. */
  private static Tensor withKinks(SplittableRandom random, ModuleSpec spec, int[] shape) {
    double[] kinks = kinks(spec);
    double[] values = EngineReferenceGrid.normal(random, spec.dtype(), shape).toDoubleArray();
    for (int i = 0; i < values.length; i++) {
      values[i] *= 4;
      if (random.nextInt(6) == 0) {
        values[i] = kinks[random.nextInt(kinks.length)];
      }
    }
    return Tensor.of(spec.dtype(), shape, values);
  }

  private static double[] kinks(ModuleSpec spec) {
    if (spec instanceof HardtanhSpec h) {
      return new double[] {h.minVal(), h.maxVal(), 0.0, -0.0};
    }
    if (spec instanceof Relu6Spec) {
      return new double[] {0.0, -0.0, 6.0};
    }
    if (spec instanceof SoftplusSpec s) {
      return new double[] {0.0, -0.0, s.threshold() / s.beta()};
    }
    if (spec instanceof EluSpec || spec instanceof CeluSpec) {
      return new double[] {0.0, -0.0, -30.0};
    }
    return new double[] {0.0, -0.0};
  }
}
