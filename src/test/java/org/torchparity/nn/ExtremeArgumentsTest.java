package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.parity.EngineAutogradKernel;
import org.torchparity.reference.ReferenceConv;
import org.torchparity.reference.ReferenceConvBackward;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Arguments at the edge of 32 and 64 bits: paddings, dilations and strides of {@code 2^28} to
 * {@code 2^31 - 1} on short signals, and an empty batch of a very long signal. The work is small in
 * every case, so each must either get PyTorch's answer from the engine and the reference, forward
 * and backward, in well under a second and without a large allocation, or be refused with a typed
 * error naming the argument. The expected values are PyTorch 1.13's, printed by {@code
 * parity-tests/extreme_probe.py} (quoted above each case); with these small integer inputs every
 * sum is exact.
 */
@Timeout(10)
class ExtremeArgumentsTest {

  static Stream<Arguments> refusals() {
    return Stream.of(
        // PyTorch 1.13: "Calculated output size per channel: (1 x -1). Output size is too small"
        // (its message wraps 2^32 - 1 to 32 bits); the length is (1 + 2*(2^31-1) - 1)/1 + 1.
        refusal(
            () -> ConvSpec.conv1d(1, 1, 1).padding(Integer.MAX_VALUE).build(),
            new int[] {1, 1, 1},
            "padding",
            "= 4294967295"),
        // PyTorch 1.13: "(1 x -2147483647). Output size is too small"; the length is 2^31 + 1.
        refusal(
            () -> ConvSpec.conv1d(1, 1, 1).padding(1 << 30).build(),
            new int[] {1, 1, 1},
            "padding",
            "= 2147483649"),
        // PyTorch 1.13: "Kernel size: (4294967297). Kernel size can't be greater than actual input
        // size": 65536 * 65536 + 1 = 2^32 + 1, which 32 bits would wrap to 1.
        refusal(
            () -> ConvSpec.conv1d(1, 1, 65537).dilation(65536).build(),
            new int[] {1, 1, 5},
            "input",
            "effective kernel size 4294967297"),
        // (3-1) * (2^31-1) + 0 + 1 = 4294967295 elements cannot be a Java array's length
        refusal(
            () -> ConvSpec.convTranspose1d(1, 1, 1).stride(Integer.MAX_VALUE).build(),
            new int[] {1, 1, 3},
            "stride",
            "= 4294967295"),
        // 0 + (2^31-1) * (3-1) + 1 = 4294967295
        refusal(
            () -> ConvSpec.convTranspose1d(1, 1, 3).dilation(Integer.MAX_VALUE).build(),
            new int[] {1, 1, 1},
            "dilation",
            "= 4294967295"),
        // an empty batch does not help: the length itself is past what a dimension holds
        refusal(
            () -> ConvSpec.conv1d(1, 1, 1).padding(Integer.MAX_VALUE).build(),
            new int[] {0, 1, 1},
            "padding",
            "= 4294967295"));
  }

  private static Arguments refusal(
      Supplier<ConvSpec> spec, int[] inputShape, String argument, String fragment) {
    return Arguments.of(spec, inputShape, argument, fragment);
  }

  @ParameterizedTest(name = "[{index}] {2}: {3}")
  @MethodSource("refusals")
  void refusesByNameWhatNoArrayCanHold(
      Supplier<ConvSpec> specs, int[] inputShape, String argument, String fragment) {
    ConvSpec spec = specs.get();
    Tensor x = Tensor.zeros(spec.dtype(), inputShape);
    Tensor w = Tensor.zeros(spec.dtype(), spec.weightShape());
    Tensor b = spec.bias() ? Tensor.zeros(spec.dtype(), spec.biasShape()) : null;
    assertThatThrownBy(() -> spec.outputShape(inputShape))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo(argument))
        .hasMessageContaining(fragment);
    assertThatThrownBy(() -> ReferenceConv.forward(spec, x, w, b))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo(argument));
    assertThatThrownBy(() -> Functional.forward(spec, x, w, b))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo(argument));
  }

  @Test
  void referenceRefusesAnOutputNoJavaArrayHoldsBeforeAllocatingIt() {
    // 65537 channels * 65537 positions = 4295098369 elements (was an int overflow and an
    // ArrayIndexOutOfBoundsException)
    ConvSpec spec = ConvSpec.conv1d(1, 65537, 1).bias(false).build();
    Tensor x = Tensor.zeros(DType.FLOAT32, 1, 1, 65537);
    Tensor w = Tensor.zeros(DType.FLOAT32, spec.weightShape());
    assertThatThrownBy(() -> ReferenceConv.forward(spec, x, w, null))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("input"))
        .hasMessageContaining("4295098369 elements");
  }

  static Stream<Arguments> answers() {
    Tensor ramp5 = f32(new int[] {1, 1, 5}, 1, 2, 3, 4, 5);
    return Stream.of(
        // same_dilation_2^30_k3 | y [[[3.5, 6.5, 9.5, 12.5, 15.5]]] | grad_input [[[3.0, 3.0,
        // 3.0, 3.0, 3.0]]] | grad_weight nonzero [(1, 15.0)] | grad_bias [5.0]
        // (padding 2^30 on each side: only the middle tap meets the input; 32-bit arithmetic
        // gave a padding of -2^30)
        answer(
            "same, dilation 2^30, k 3",
            ConvSpec.conv1d(1, 1, 3).dilation(1 << 30).padding("same").build(),
            ramp5,
            f32(new int[] {1, 1, 3}, 2, 3, 5),
            f32(new int[] {1}, 0.5),
            new double[] {3.5, 6.5, 9.5, 12.5, 15.5},
            new double[] {3, 3, 3, 3, 3},
            new double[] {0, 15, 0},
            new double[] {5}),
        // same_dilation_2^30_k5 | y [[[5.5, 10.5, 15.5, 20.5, 25.5]]] | grad_input [[[5.0, 5.0,
        // 5.0, 5.0, 5.0]]] | grad_weight nonzero [(2, 15.0)] | grad_bias [5.0]
        // (padding 2^31 on each side, past an int)
        answer(
            "same, dilation 2^30, k 5",
            ConvSpec.conv1d(1, 1, 5).dilation(1 << 30).padding("same").build(),
            ramp5,
            f32(new int[] {1, 1, 5}, 2, 3, 5, 7, 11),
            f32(new int[] {1}, 0.5),
            new double[] {5.5, 10.5, 15.5, 20.5, 25.5},
            new double[] {5, 5, 5, 5, 5},
            new double[] {0, 0, 15, 0, 0},
            new double[] {5}),
        // same_dilation_2^29_k3 | y [[[3.5, 6.5, 9.5, 12.5, 15.5]]] | grad_input [[[3.0, 3.0,
        // 3.0, 3.0, 3.0]]] | grad_weight nonzero [(1, 15.0)] | grad_bias [5.0]
        // (the reference's padding tables, int[2^30 + 5], ran it out of memory)
        answer(
            "same, dilation 2^29, k 3",
            ConvSpec.conv1d(1, 1, 3).dilation(1 << 29).padding("same").build(),
            ramp5,
            f32(new int[] {1, 1, 3}, 2, 3, 5),
            f32(new int[] {1}, 0.5),
            new double[] {3.5, 6.5, 9.5, 12.5, 15.5},
            new double[] {3, 3, 3, 3, 3},
            new double[] {0, 15, 0},
            new double[] {5}),
        // kernel_65537_dilation_65536_padding_max | y [[[1.0, 1.0, 1.0]]] | grad_input [[[0.0,
        // 1.0, 1.0, 1.0, 0.0]]] | grad_weight nonzero [(32768, 3.0)] | grad_bias None
        // (padded length 2^32 + 3, span 2^32 + 1: three outputs; only tap 32768 meets the input)
        answer(
            "k 65537, dilation 65536, padding 2^31-1",
            ConvSpec.conv1d(1, 1, 65537)
                .dilation(65536)
                .padding(Integer.MAX_VALUE)
                .bias(false)
                .build(),
            Tensor.full(new int[] {1, 1, 5}, 1, DType.FLOAT32),
            Tensor.full(new int[] {1, 1, 65537}, 1, DType.FLOAT32),
            null,
            new double[] {1, 1, 1},
            new double[] {0, 1, 1, 1, 0},
            oneHot(65537, 32768, 3),
            null),
        // transpose_stride_2^28 | y [[[1.0]]] | grad_input [[[1.0]]] | grad_weight nonzero
        // [(0, 1.0)] (zero-stuffing built 2^28 zeros per sample: 2.2 GB)
        answer(
            "ConvTranspose1d stride 2^28",
            ConvSpec.convTranspose1d(1, 1, 1).stride(1 << 28).bias(false).build(),
            Tensor.full(new int[] {1, 1, 1}, 1, DType.FLOAT32),
            Tensor.full(new int[] {1, 1, 1}, 1, DType.FLOAT32),
            null,
            new double[] {1},
            new double[] {1},
            new double[] {1},
            null),
        // transpose_stride_2^30 | y [[[1.0]]] | grad_input [[[1.0]]] | grad_weight nonzero
        // [(0, 1.0)] (failed allocating 4 GB)
        answer(
            "ConvTranspose1d stride 2^30",
            ConvSpec.convTranspose1d(1, 1, 1).stride(1 << 30).bias(false).build(),
            Tensor.full(new int[] {1, 1, 1}, 1, DType.FLOAT32),
            Tensor.full(new int[] {1, 1, 1}, 1, DType.FLOAT32),
            null,
            new double[] {1},
            new double[] {1},
            new double[] {1},
            null),
        // transpose_stride_2^28_padding_2^28_k3 | y [[[3.0, 30.0, 300.0]]] | grad_input [[[0.0,
        // 111.0, 0.0]]] | grad_weight nonzero [(0, 3.0), (1, 3.0), (2, 3.0)]
        // (the full output is 2^29 + 3 long; the padding crops it to x[1] * w = 3 * [1, 10, 100])
        answer(
            "ConvTranspose1d stride 2^28, padding 2^28, k 3",
            ConvSpec.convTranspose1d(1, 1, 3).stride(1 << 28).padding(1 << 28).bias(false).build(),
            f32(new int[] {1, 1, 3}, 2, 3, 5),
            f32(new int[] {1, 1, 3}, 1, 10, 100),
            null,
            new double[] {3, 30, 300},
            new double[] {0, 111, 0},
            new double[] {3, 3, 3},
            null));
  }

  private static Arguments answer(
      String name,
      ConvSpec spec,
      Tensor x,
      Tensor w,
      Tensor b,
      double[] y,
      double[] gradInput,
      double[] gradWeight,
      double[] gradBias) {
    return Arguments.of(name, spec, x, w, b, y, gradInput, gradWeight, gradBias);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("answers")
  void engineAndReferenceGivePyTorchsAnswer(
      String name,
      ConvSpec spec,
      Tensor x,
      Tensor w,
      Tensor b,
      double[] y,
      double[] gradInput,
      double[] gradWeight,
      double[] gradBias) {
    Tensor gy = Tensor.full(spec.outputShape(x.shape()), 1, spec.dtype());
    assertThat(ReferenceConv.forward(spec, x, w, b).toDoubleArray())
        .as("reference")
        .containsExactly(y);
    assertThat(Functional.forward(spec, x, w, b).toDoubleArray()).as("engine").containsExactly(y);
    for (Gradients g :
        new Gradients[] {
          ReferenceConvBackward.backward(spec, x, w, b, gy), Functional.backward(spec, x, w, b, gy)
        }) {
      assertThat(g.gradInput().toDoubleArray()).as("grad_input").containsExactly(gradInput);
      assertThat(g.grad("weight").toDoubleArray()).as("grad_weight").containsExactly(gradWeight);
      if (gradBias == null) {
        assertThat(g.grads().get("bias")).isNull();
      } else {
        assertThat(g.grads().get("bias").toDoubleArray()).as("grad_bias").containsExactly(gradBias);
      }
    }
  }

  static Stream<Arguments> emptyBatches() {
    return Stream.of(
        Arguments.of(ConvSpec.conv1d(1, 1, 1).build()),
        Arguments.of(ConvSpec.conv1d(1, 1, 3).padding(1).paddingMode("reflect").build()),
        Arguments.of(ConvSpec.convTranspose1d(1, 1, 1).build()));
  }

  /**
   * empty_batch conv1d (0, 1, 2147483645) / empty_batch conv_transpose1d (0, 1, 2147483645):
   * PyTorch answers an empty tensor at once; so must both kernels, forward and backward, without
   * sizing anything by the length.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("emptyBatches")
  void anEmptyBatchOfAHugeLengthIsAnsweredAtOnce(ConvSpec spec) {
    int[] shape = {0, 1, 2147483645};
    Tensor x = Tensor.zeros(DType.FLOAT32, shape);
    Tensor w = Tensor.full(spec.weightShape(), 1, DType.FLOAT32);
    Tensor b = Tensor.zeros(DType.FLOAT32, spec.biasShape());
    long start = System.nanoTime();
    assertThat(ReferenceConv.forward(spec, x, w, b).shape()).containsExactly(shape);
    assertThat(Functional.forward(spec, x, w, b).shape()).containsExactly(shape);
    Tensor gy = Tensor.zeros(DType.FLOAT32, shape);
    for (Gradients g :
        new Gradients[] {
          ReferenceConvBackward.backward(spec, x, w, b, gy), Functional.backward(spec, x, w, b, gy)
        }) {
      assertThat(g.gradInput().shape()).containsExactly(shape);
      assertThat(g.grad("weight").toDoubleArray()).containsOnly(0.0);
      assertThat(g.grads().get("bias").toDoubleArray()).containsExactly(0.0);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  static Stream<Arguments> sparseRoutes() {
    return Stream.of(
        // padding 10^5 at stride 1000: the padded row (2*10^5) dwarfs the 201 outputs, so
        // grad_weight builds each tap's window alone and grad_input scatters
        Arguments.of(
            ConvSpec.conv1d(2, 4, 3).stride(1000).padding(100_000).groups(2).build(),
            new int[] {2, 2, 7}),
        Arguments.of(
            ConvSpec.conv1d(3, 2, 4).dilation(50_000).padding("same").dtype(DType.FLOAT64).build(),
            new int[] {1, 3, 9}),
        // stride 10^5 with padding 149000: the stuffed input (3*10^5) dwarfs the 2003 outputs
        Arguments.of(
            ConvSpec.convTranspose1d(4, 2, 3).stride(100_000).padding(149_000).groups(2).build(),
            new int[] {2, 4, 4}),
        Arguments.of(
            ConvSpec.convTranspose1d(2, 3, 2)
                .stride(70_000)
                .padding(69_990)
                .dilation(7)
                .outputPadding(5)
                .dtype(DType.FLOAT64)
                .build(),
            new int[] {1, 2, 3}));
  }

  /**
   * Where padding, stride or dilation dwarf the work, the engine takes its scatter and per-tap
   * routes (and the autograd route differentiates them); each must agree with the reference.
   */
  @ParameterizedTest(name = "[{index}] {0} on {1}")
  @MethodSource("sparseRoutes")
  void longPaddingsAndStridesAgreeWithTheReference(ConvSpec spec, int[] shape) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(shape[2]);
    Tensor x = EngineReferenceGridTest.gaussian(random, spec.dtype(), shape);
    Tensor w = EngineReferenceGridTest.gaussian(random, spec.dtype(), spec.weightShape());
    Tensor b = EngineReferenceGridTest.gaussian(random, spec.dtype(), spec.biasShape());
    Tensor gy = EngineReferenceGridTest.gaussian(random, spec.dtype(), spec.outputShape(shape));
    org.torchparity.parity.Tolerance tolerance =
        org.torchparity.parity.Tolerance.forDType(spec.dtype());
    Tensor y = ReferenceConv.forward(spec, x, w, b);
    assertClose("output", Functional.forward(spec, x, w, b), y, tolerance);
    Gradients want = ReferenceConvBackward.backward(spec, x, w, b, gy);
    for (Gradients got :
        new Gradients[] {
          Functional.backward(spec, x, w, b, gy),
          new EngineAutogradKernel().backward(spec, x, w, b, gy)
        }) {
      assertClose("grad_input", got.gradInput(), want.gradInput(), tolerance);
      assertClose("grad_weight", got.grad("weight"), want.grad("weight"), tolerance);
      assertClose("grad_bias", got.grads().get("bias"), want.grads().get("bias"), tolerance);
    }
  }

  private static void assertClose(
      String what, Tensor actual, Tensor expected, org.torchparity.parity.Tolerance tolerance) {
    org.torchparity.parity.Comparison c =
        org.torchparity.parity.Comparison.of(actual, expected, tolerance);
    assertThat(c.passed()).as("%s: %s", what, c.describe()).isTrue();
  }

  private static Tensor f32(int[] shape, double... values) {
    return Tensor.of(DType.FLOAT32, shape, values);
  }

  private static double[] oneHot(int length, int index, double value) {
    double[] v = new double[length];
    v[index] = value;
    return v;
  }
}
