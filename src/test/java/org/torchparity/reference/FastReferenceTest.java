package org.torchparity.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.parity.Configuration;
import org.torchparity.parity.ConfigurationGenerator;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * The tiled, parallel reference against {@link TextbookConv}, the loops as first written: the same
 * products summed in the same order, so the results must be bit-identical, forward and backward,
 * for every option (lengths reach past one tile so that tile edges are crossed).
 */
class FastReferenceTest {
  private static final long SEED = 8_675_309L;

  static Stream<Arguments> configurations() {
    ConfigurationGenerator small =
        new ConfigurationGenerator(
            EnumSet.allOf(ConvSpec.Kind.class), EnumSet.copyOf(DType.floatingTypes()), 3, 10);
    ConfigurationGenerator everything = ConfigurationGenerator.everything();
    return IntStream.range(0, 300)
        .mapToObj(
            i -> {
              long seed = SEED + i;
              SplittableRandom random = new SplittableRandom(seed);
              Configuration config = i % 3 == 0 ? everything.next(random) : small.next(random);
              return Arguments.of(seed, config, i % 10 == 0 ? 1500 + i : 0);
            });
  }

  @ParameterizedTest(name = "[{index}] seed {0}: {1} long {2}")
  @MethodSource("configurations")
  void forwardAndBackwardAreBitIdenticalToTheTextbookLoops(
      long seed, Configuration config, int longLength) {
    ConvSpec spec = config.convSpec();
    int[] shape = config.inputShape();
    if (longLength > 0) {
      // a long signal crosses tile edges
      shape[shape.length - 1] = Math.max(shape[shape.length - 1], longLength);
    }
    SplittableRandom random = new SplittableRandom(seed * 7 + 1);
    // every fourth case holds a nan or an inf in one of x, w and dy, which must reach the same
    // entries (Tensor.equals matches any nan with any nan)
    boolean nonFinite = seed % 4 == 1;
    Tensor x = sprinkle(random, random(random, spec.dtype(), shape), nonFinite && seed % 3 == 0);
    Tensor w =
        sprinkle(
            random, random(random, spec.dtype(), spec.weightShape()), nonFinite && seed % 3 == 1);
    Tensor b = spec.bias() ? random(random, spec.dtype(), spec.biasShape()) : null;
    Tensor expected = TextbookConv.forward(spec, x, w, b, spec.outputPadding());
    Tensor actual = ReferenceConv.forward(spec, x, w, b);
    assertThat(actual).as("forward").isEqualTo(expected);

    Tensor dy =
        sprinkle(
            random, random(random, spec.dtype(), expected.shape()), nonFinite && seed % 3 == 2);
    Gradients e = TextbookConv.backward(spec, x, w, b, dy);
    Gradients a = ReferenceConvBackward.backward(spec, x, w, b, dy);
    assertThat(a.gradInput()).as("grad_input").isEqualTo(e.gradInput());
    assertThat(a.grad("weight")).as("grad_weight").isEqualTo(e.grad("weight"));
    assertThat(a.grads().get("bias")).as("grad_bias").isEqualTo(e.grads().get("bias"));
  }

  /** Replaces one or two random entries by nan, inf or -inf when {@code apply} is set. */
  private static Tensor sprinkle(SplittableRandom random, Tensor t, boolean apply) {
    if (!apply || t.numel() == 0) {
      return t;
    }
    double[] v = t.toDoubleArray();
    double[] kinds = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < 2; i++) {
      v[random.nextInt(v.length)] = kinds[random.nextInt(kinds.length)];
    }
    return Tensor.of(t.dtype(), t.shape(), v);
  }

  static Stream<Arguments> largeConfigurations() {
    return Stream.of(
        Arguments.of(ConvSpec.conv1d(64, 64, 3).build(), new int[] {2, 64, 2100}),
        Arguments.of(
            ConvSpec.conv1d(16, 24, 5)
                .stride(2)
                .dilation(2)
                .groups(2)
                .padding(3)
                .paddingMode("reflect")
                .build(),
            new int[] {3, 16, 3000}),
        Arguments.of(
            ConvSpec.conv1d(12, 12, 3).groups(12).padding("same").paddingMode("circular").build(),
            new int[] {4, 12, 2500}),
        Arguments.of(
            ConvSpec.conv1d(9, 20, 4).padding("same").dtype(DType.FLOAT64).build(),
            new int[] {2, 9, 1800}),
        Arguments.of(
            ConvSpec.convTranspose1d(16, 12, 4).stride(3).groups(4).outputPadding(1).build(),
            new int[] {3, 16, 1200}),
        Arguments.of(
            ConvSpec.convTranspose1d(32, 32, 4).stride(2).padding(1).build(),
            new int[] {2, 32, 1100}),
        Arguments.of(
            ConvSpec.convTranspose1d(8, 8, 5).dilation(3).padding(7).build(),
            new int[] {3, 8, 2049}),
        // replicate padding far longer than the work: grad_input visits only the tiles some
        // product lands in (stride below a tile, then above one); zero padding: only the input
        Arguments.of(
            ConvSpec.conv1d(3, 4, 3)
                .stride(1000)
                .dilation(9000)
                .padding(20_000)
                .paddingMode("replicate")
                .build(),
            new int[] {2, 3, 6}),
        Arguments.of(
            ConvSpec.conv1d(2, 2, 4)
                .stride(1500)
                .dilation(7001)
                .padding(15_000)
                .paddingMode("replicate")
                .dtype(DType.FLOAT64)
                .build(),
            new int[] {1, 2, 9}),
        Arguments.of(
            ConvSpec.conv1d(2, 2, 3).stride(999).padding(30_000).build(), new int[] {1, 2, 5}),
        Arguments.of(
            ConvSpec.convTranspose1d(2, 3, 3).stride(5000).padding(7000).dilation(300).build(),
            new int[] {2, 2, 4}));
  }

  @ParameterizedTest(name = "[{index}] {0} on {1}")
  @MethodSource("largeConfigurations")
  void largeCallsRunInParallelAndStayBitIdentical(ConvSpec spec, int[] shape) {
    SplittableRandom random = new SplittableRandom(shape[2]);
    Tensor x = random(random, spec.dtype(), shape);
    Tensor w = random(random, spec.dtype(), spec.weightShape());
    Tensor b = spec.bias() ? random(random, spec.dtype(), spec.biasShape()) : null;
    Tensor expected = TextbookConv.forward(spec, x, w, b, spec.outputPadding());
    assertThat(ReferenceConv.forward(spec, x, w, b)).as("forward").isEqualTo(expected);
    Tensor dy = random(random, spec.dtype(), expected.shape());
    Gradients e = TextbookConv.backward(spec, x, w, b, dy);
    Gradients a = ReferenceConvBackward.backward(spec, x, w, b, dy);
    assertThat(a.gradInput()).as("grad_input").isEqualTo(e.gradInput());
    assertThat(a.grad("weight")).as("grad_weight").isEqualTo(e.grad("weight"));
    assertThat(a.grads().get("bias")).as("grad_bias").isEqualTo(e.grads().get("bias"));
  }

  private static Tensor random(SplittableRandom random, DType dtype, int[] shape) {
    double[] v = new double[Math.toIntExact(Tensor.numel(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextDouble(-2, 2);
    }
    return Tensor.of(dtype, shape, v);
  }
}
