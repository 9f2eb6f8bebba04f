package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Configuration;
import org.torchparity.parity.ConfigurationGenerator;
import org.torchparity.parity.EngineAutogradKernel;
import org.torchparity.parity.Tolerance;
import org.torchparity.reference.ReferenceConv;
import org.torchparity.reference.ReferenceConvBackward;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Padding;
import org.torchparity.spec.Tensor;

/**
 * Engine versus pure-Java reference over a seeded grid of Conv1d configurations covering every
 * option, and ConvTranspose1d forward likewise; the backward grid checks both engine routes (the
 * layers' adjoint route and libtorch's autograd). A failure names the seed that reproduces it.
 */
class EngineReferenceGridTest {
  private static final long SEED = 20261124L;
  private static final int CONV1D_COUNT = 400;
  private static final int TRANSPOSED_COUNT = 250;
  private static final int BACKWARD_COUNT = 250;
  private static final Map<String, Double> LARGEST_ERROR = new java.util.TreeMap<>();

  static Stream<Arguments> conv1dGrid() {
    return grid(ConvSpec.Kind.CONV1D, CONV1D_COUNT, SEED);
  }

  static Stream<Arguments> transposedGrid() {
    return grid(ConvSpec.Kind.CONV_TRANSPOSE1D, TRANSPOSED_COUNT, SEED + 1);
  }

  private static Stream<Arguments> grid(ConvSpec.Kind kind, int count, long seed) {
    return seeded(EnumSet.of(kind), count, seed * 1_000_003L);
  }

  /**
   * Seeded configurations of the given layers, both dtypes, as {@code (seed, configuration)}
   * arguments; configuration {@code i} comes from seed {@code firstSeed + i}, so a failure names
   * the seed that reproduces it.
   */
  static Stream<Arguments> seeded(EnumSet<ConvSpec.Kind> kinds, int count, long firstSeed) {
    ConfigurationGenerator generator =
        new ConfigurationGenerator(kinds, EnumSet.copyOf(DType.floatingTypes()), 3, 10);
    return IntStream.range(0, count)
        .mapToObj(
            i -> {
              long caseSeed = firstSeed + i;
              return Arguments.of(caseSeed, generator.next(new SplittableRandom(caseSeed)));
            });
  }

  @ParameterizedTest(name = "[{index}] seed {0}: {1}")
  @MethodSource("conv1dGrid")
  void conv1dEngineMatchesReference(long seed, Configuration config) {
    check(seed, config);
  }

  @ParameterizedTest(name = "[{index}] seed {0}: {1}")
  @MethodSource("transposedGrid")
  void convTranspose1dEngineMatchesReference(long seed, Configuration config) {
    check(seed, config);
  }

  static Stream<Arguments> backwardGrid() {
    return Stream.concat(
        grid(ConvSpec.Kind.CONV1D, BACKWARD_COUNT, SEED + 2),
        grid(ConvSpec.Kind.CONV_TRANSPOSE1D, BACKWARD_COUNT, SEED + 3));
  }

  @ParameterizedTest(name = "[{index}] seed {0}: {1}")
  @MethodSource("backwardGrid")
  void backwardEngineMatchesReference(long seed, Configuration config) {
    ConvSpec spec = config.convSpec();
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Tensor input = gaussian(random, spec.dtype(), config.inputShape());
    Tensor gradOutput = gaussian(random, spec.dtype(), spec.outputShape(config.inputShape()));
    Tolerance tolerance = Tolerance.forDType(spec.dtype());
    try (ConvLayer layer = ConvLayer.of(spec, org.torchparity.engine.DeviceSpec.CPU)) {
      Gradients engine = layer.backward(input, gradOutput);
      Gradients reference =
          ReferenceConvBackward.backward(spec, input, layer.weight(), layer.bias(), gradOutput);
      assertClose(seed, config, "grad_input", engine.gradInput(), reference.gradInput(), tolerance);
      assertClose(
          seed, config, "grad_weight", engine.grad("weight"), reference.grad("weight"), tolerance);
      if (spec.bias()) {
        assertClose(
            seed,
            config,
            "grad_bias",
            engine.grads().get("bias"),
            reference.grads().get("bias"),
            tolerance);
      } else {
        assertThat(engine.grads().get("bias")).isNull();
      }
      // The second engine route, libtorch's autograd with oneDNN off, must agree as well.
      Gradients autograd =
          new EngineAutogradKernel()
              .backward(spec, input, layer.weight(), layer.bias(), gradOutput);
      assertClose(
          seed,
          config,
          "autograd grad_input",
          autograd.gradInput(),
          reference.gradInput(),
          tolerance);
      assertClose(
          seed,
          config,
          "autograd grad_weight",
          autograd.grad("weight"),
          reference.grad("weight"),
          tolerance);
      if (spec.bias()) {
        assertClose(
            seed,
            config,
            "autograd grad_bias",
            autograd.grads().get("bias"),
            reference.grads().get("bias"),
            tolerance);
      }
    }
  }

  private static void assertClose(
      long seed, Configuration config, String what, Tensor actual, Tensor expected, Tolerance t) {
    Comparison c = Comparison.of(actual, expected, t);
    LARGEST_ERROR.merge(config.spec().dtype() + " " + what, c.maxAbsError(), Math::max);
    assertThat(c.passed()).as("seed %d, %s, %s: %s", seed, config, what, c.describe()).isTrue();
  }

  static void check(long seed, Configuration config) {
    ConvSpec spec = config.convSpec();
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    Tensor input = gaussian(random, spec.dtype(), config.inputShape());
    try (ConvLayer layer = spec.transposed() ? ConvTranspose1d.of(spec) : Conv1d.of(spec)) {
      Tensor engine = layer.forward(input);
      Tensor reference = ReferenceConv.forward(spec, input, layer.weight(), layer.bias());
      Comparison c = Comparison.of(engine, reference, Tolerance.forDType(spec.dtype()));
      LARGEST_ERROR.merge(spec.dtype() + " " + spec.kind() + " output", c.maxAbsError(), Math::max);
      assertThat(c.passed()).as("seed %d, %s: %s", seed, config, c.describe()).isTrue();
    }
  }

  static Tensor gaussian(SplittableRandom random, DType dtype, int[] shape) {
    double[] values = new double[Math.toIntExact(Tensor.numel(shape))];
    for (int i = 0; i < values.length; i++) {
      values[i] = gaussian(random);
    }
    return Tensor.of(dtype, shape, values);
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller from two uniforms; enough for test data.
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  @Test
  void gridCoversEveryOption() {
    List<Configuration> configs = conv1dGrid().map(a -> (Configuration) a.get()[1]).toList();
    assertThat(configs).hasSize(CONV1D_COUNT);
    for (org.torchparity.spec.PaddingMode mode : org.torchparity.spec.PaddingMode.values()) {
      assertThat(configs).as("mode %s", mode).anyMatch(c -> c.convSpec().paddingMode() == mode);
      assertThat(configs)
          .as("same with an odd total padding in mode %s", mode)
          .anyMatch(
              c ->
                  c.convSpec().paddingMode() == mode
                      && isSame(c)
                      && c.convSpec().padLeft() != c.convSpec().padRight());
      assertThat(configs)
          .as("same with an even total padding in mode %s", mode)
          .anyMatch(
              c ->
                  c.convSpec().paddingMode() == mode
                      && isSame(c)
                      && c.convSpec().padLeft() == c.convSpec().padRight());
    }
    assertThat(configs).anyMatch(c -> c.convSpec().padding().kind() == Padding.Kind.VALID);
    assertThat(configs).anyMatch(c -> c.spec().dtype() == DType.FLOAT64);
    assertThat(configs).anyMatch(c -> c.spec().dtype() == DType.FLOAT32);
    assertThat(configs).anyMatch(c -> !c.batched());
    assertThat(configs).anyMatch(c -> c.batched() && c.inputShape()[0] == 0);
    assertThat(configs)
        .anyMatch(
            c -> c.convSpec().groups() > 1 && c.convSpec().groups() == c.convSpec().inChannels());
    assertThat(configs).anyMatch(c -> c.convSpec().stride() > 1);
    assertThat(configs).anyMatch(c -> c.convSpec().dilation() > 1);
    assertThat(configs).anyMatch(c -> !c.convSpec().bias());
    assertThat(configs).anyMatch(c -> c.inputShape()[c.inputShape().length - 1] == 1);
  }

  private static boolean isSame(Configuration c) {
    return c.convSpec().padding().kind() == Padding.Kind.SAME;
  }

  @AfterAll
  static void reportLargestErrors() {
    System.out.println("engine vs reference, largest abs error: " + LARGEST_ERROR);
  }
}
