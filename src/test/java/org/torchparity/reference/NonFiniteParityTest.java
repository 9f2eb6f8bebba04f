package org.torchparity.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.nn.Functional;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * A {@code nan} or an {@code inf} must reach exactly the outputs and gradient entries it reaches in
 * PyTorch, forward and backward, for Conv1d in every padding mode and ConvTranspose1d, with
 * strides, dilations and groups, on the reference (which forms the products PyTorch's dense CPU
 * formulas form, including {@code nan * 0} where zero padding, or grad_output's padding, meets a
 * non-finite factor) and on the engine. The expected values are PyTorch 1.13's, printed by {@code
 * parity-tests/nonfinite_probe.py} and pasted below; the tensors are filled by the same formulas of
 * the flat index, and every finite value is a small multiple of 1/8, so every sum is exact and the
 * comparison is exact ({@code nan} matches any {@code nan}, {@code 0.0} matches {@code -0.0}).
 *
 * <p>Before the ConvTranspose1d gradients read grad_output zero-padded, the reference skipped the
 * products that land in the padding and gave finite grad_weight entries where PyTorch gives {@code
 * nan} ({@code transpose_stride2_padding1_nan_x}); before the engine's ConvTranspose1d took the
 * scatter route for a non-finite weight, its zero-stuffed route gave {@code nan} where PyTorch
 * gives finite values ({@code transpose_stride3_dilation2_outpad1_inf_w}).
 */
class NonFiniteParityTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double[][] NONE = {};

  /** The output of {@code /usr/bin/python3 parity-tests/nonfinite_probe.py} (PyTorch 1.13). */
  private static final String PYTORCH =
      """
      conv_zeros_stride2_nan_x | -0.125 1.125 NaN 0.5 -1.125 -1.25 1.5 NaN 0.75 -0.5 | -2.25 -0.375 1.25 0.125 -2.75 -0.625 0.75 -2.25 0.375 1.75 -0.125 -1.75 0.625 2.25 | -0.25 NaN 1.75 -1.875 -0.0625 0.25 -0.25 NaN 1.75 -1.875 -0.0625 0.25 | 1.25 1.25
      conv_zeros_dilation2_inf_w | NaN -Infinity Infinity -Infinity Infinity 1.125 -1.0 -1.875 1.375 0.0 | Infinity -Infinity Infinity Infinity 0.125 -0.375 1.25 -0.75 -0.125 -0.875 -1.875 2.125 -0.375 2.5 | -1.375 -0.9375 0.6875 1.125 -0.0625 -1.5 -1.375 -0.9375 0.6875 1.125 -0.0625 -1.5 | 1.25 1.25
      conv_zeros_stride3_nan_gy | -0.125 0.625 0.5 -1.25 0.625 0.75 -0.25 0.5 -2.375 0.875 0.75 0.875 | NaN -1.25 0.375 0.25 0.75 0.875 -0.75 NaN -0.75 0.875 0.75 0.25 0.375 -1.25 0.25 0.75 0.875 -0.75 -2.25 0.125 0.75 0.75 0.25 0.375 -1.25 -1.25 1.125 1.75 | NaN NaN NaN NaN NaN NaN -0.25 0.25 -1.875 2.5625 -0.375 0.0625 | NaN 1.0
      conv_reflect_nan_x_edge | NaN NaN NaN NaN 0.125 -3.125 0.5 1.0 -1.75 NaN NaN NaN NaN -3.0 0.25 0.75 -0.625 -1.5 | 2.125 -5.75 2.375 -0.875 -0.875 4.5 -3.875 2.125 -5.25 3.625 0.125 0.125 5.25 -3.125 | NaN NaN NaN -3.875 3.9375 -4.0 NaN NaN NaN 3.5 -2.6875 1.0 | 2.25 1.25
      conv_replicate_inf_x_neginf_gy | 0.5 0.0 0.625 -3.125 Infinity NaN 1.25 1.5 0.625 0.25 NaN NaN | -0.25 -0.5 -2.125 -0.75 0.875 0.25 NaN 0.25 0.25 -1.625 0.5 1.625 0.75 NaN | -Infinity -Infinity -Infinity -Infinity NaN NaN 1.625 -1.1875 0.3125 Infinity NaN NaN | -Infinity 2.0
      conv_circular_nan_w | NaN NaN NaN NaN NaN NaN NaN NaN NaN -1.875 0.375 1.5 0.625 -3.0 0.25 0.75 -1.875 0.375 | 4.5 -4.125 1.375 -0.875 -0.625 3.125 -5.75 NaN NaN NaN NaN NaN NaN NaN | 2.8125 -4.6875 5.3125 -3.3125 2.9375 -3.5625 -3.3125 4.9375 -3.0625 3.0625 -2.4375 0.5625 | 2.25 1.25
      conv_same_even_nan_gy | -1.5 0.5 -0.75 3.5 -3.25 -2.625 2.5 1.0 0.25 -2.125 1.0 2.75 -0.875 -0.25 | -0.625 1.625 -3.75 2.5 2.5 NaN NaN 1.5 0.25 -0.125 1.625 -0.375 NaN NaN | NaN NaN NaN NaN NaN NaN NaN NaN -1.125 1.5 -1.4375 3.0625 -0.0625 -2.5625 2.5625 -1.5625 | NaN 2.25
      conv_valid_stride2_dilation2_inf_x | NaN 0.375 -0.75 Infinity -1.25 -1.25 | 3.0 0.0 -0.875 0.0 0.125 0.0 -0.625 0.0 -0.625 0.0 -1.25 0.0 -0.75 0.0 1.375 0.0 | 0.5 0.3125 Infinity 0.25 -1.875 -1.3125 -Infinity -1.125 | -0.25 0.75
      conv_groups_inf_w_stride2 | Infinity Infinity -Infinity NaN -1.625 -0.625 -1.25 2.25 -0.875 -0.75 2.625 0.625 -1.625 -1.25 1.875 0.375 | -0.375 -Infinity -0.375 Infinity 0.875 -Infinity 0.875 -1.625 0.75 -1.625 2.5 0.875 -0.75 -0.375 | -0.875 1.75 0.75 0.75 0.0 -1.375 0.3125 0.75 -1.6875 -1.6875 1.0 0.0625 | 1.0 0.0 1.5 0.5
      transpose_stride2_padding1_nan_x | NaN NaN -1.125 1.625 -0.625 -1.5 2.625 -1.875 -1.0 NaN NaN -0.25 2.25 -0.75 -1.5 2.875 -1.125 -0.375 | -0.75 0.375 0.625 0.875 0.5 0.5 0.125 -2.625 0.875 -1.5 | NaN NaN NaN NaN NaN NaN 1.3125 0.5 0.9375 -0.4375 1.125 -0.4375 | 2.25 1.25
      transpose_stride3_dilation2_outpad1_inf_w | -Infinity -0.5 0.125 Infinity 0.125 -0.875 -Infinity -2.0 0.875 Infinity -0.125 -2.125 -0.5 -0.25 1.5 0.5 -0.875 -1.75 -1.25 1.25 1.875 0.0 | -Infinity Infinity Infinity Infinity 2.0 -2.125 0.625 0.5 | -0.0625 1.5 -0.6875 1.8125 -1.625 -1.3125 -0.3125 -0.375 1.75 -0.5625 -0.25 0.0 | 1.75 3.25
      transpose_stride2_nan_gy | 1.625 -1.75 -0.25 1.5 -0.625 -2.125 -1.0 1.125 -0.125 1.25 -2.125 -0.75 1.5 -0.375 -1.75 0.0 1.875 0.625 1.125 -1.875 -0.5 1.375 -0.875 -2.25 2.875 -1.75 0.125 1.0 -2.0 -0.5 1.625 -0.125 -1.625 3.0 -2.125 -0.25 | NaN NaN -2.375 0.375 NaN NaN 0.375 0.125 0.625 0.875 1.125 -2.375 -2.625 0.875 0.625 0.375 | NaN 0.6875 NaN -2.8125 -0.4375 0.6875 NaN -0.375 NaN 1.75 1.0 -0.375 | NaN 3.0
      transpose_stride1_padding2_nan_x_edge | -1.125 -1.0 NaN -1.5 -0.25 NaN | 0.625 1.25 0.625 -2.75 1.125 1.125 1.0 -2.375 0.75 0.125 | 1.25 -1.0625 1.4375 -0.5 -0.4375 -1.0625 NaN NaN NaN NaN NaN NaN | -0.25 0.75
      transpose_groups_stride2_nan_w | -1.375 -0.875 0.375 0.625 -0.625 -2.0 1.125 -1.875 NaN 0.75 NaN -0.75 NaN 1.875 -0.25 0.75 1.25 -1.125 -1.375 1.125 0.125 -0.375 0.25 0.625 -1.25 -1.125 1.375 -0.125 | NaN NaN NaN NaN -2.25 -1.875 0.375 1.25 | -1.1875 1.625 0.0625 0.6875 1.625 -1.8125 0.3125 0.75 0.25 0.4375 -1.5 0.5 | 1.25 2.25 0.75 1.75
      transpose_stride2_padding2_inf_w_neginf_x | NaN -Infinity -Infinity -0.625 Infinity 0.625 Infinity Infinity 0.0 0.5 0.5 0.25 | NaN -Infinity -Infinity Infinity NaN 0.0 -0.75 -0.75 -0.75 0.0 | 0.0625 -1.1875 -1.1875 0.6875 Infinity -Infinity -Infinity Infinity | 0.5 2.0
      """;

  /** One case of the script: the layer, the input shape and the entries made non-finite. */
  record Case(
      String name, ConvSpec spec, int[] inShape, double[][] x, double[][] w, double[][] gy) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    DType f32 = DType.FLOAT32;
    DType f64 = DType.FLOAT64;
    return Stream.of(
        new Case(
            "conv_zeros_stride2_nan_x",
            ConvSpec.conv1d(2, 2, 3).stride(2).padding(2).dtype(f64).build(),
            new int[] {1, 2, 7},
            at(3, NAN),
            NONE,
            NONE),
        new Case(
            "conv_zeros_dilation2_inf_w",
            ConvSpec.conv1d(2, 2, 3).padding(1).dilation(2).dtype(f32).build(),
            new int[] {1, 2, 7},
            NONE,
            at(0, INF),
            NONE),
        new Case(
            "conv_zeros_stride3_nan_gy",
            ConvSpec.conv1d(2, 2, 3).stride(3).padding(2).dtype(f64).build(),
            new int[] {2, 2, 7},
            NONE,
            NONE,
            at(0, NAN)),
        new Case(
            "conv_reflect_nan_x_edge",
            ConvSpec.conv1d(2, 2, 3).padding(2).paddingMode("reflect").dtype(f32).build(),
            new int[] {1, 2, 7},
            at(1, NAN),
            NONE,
            NONE),
        new Case(
            "conv_replicate_inf_x_neginf_gy",
            ConvSpec.conv1d(2, 2, 3)
                .stride(2)
                .padding(3)
                .paddingMode("replicate")
                .dtype(f64)
                .build(),
            new int[] {1, 2, 7},
            at(13, INF),
            NONE,
            at(5, -INF)),
        new Case(
            "conv_circular_nan_w",
            ConvSpec.conv1d(2, 2, 3).padding(2).paddingMode("circular").dtype(f32).build(),
            new int[] {1, 2, 7},
            NONE,
            at(4, NAN),
            NONE),
        new Case(
            "conv_same_even_nan_gy",
            ConvSpec.conv1d(2, 2, 4).padding("same").dtype(f64).build(),
            new int[] {1, 2, 7},
            NONE,
            NONE,
            at(6, NAN)),
        new Case(
            "conv_valid_stride2_dilation2_inf_x",
            ConvSpec.conv1d(2, 2, 2).stride(2).dilation(2).dtype(f32).build(),
            new int[] {1, 2, 8},
            at(7, INF, 8, -INF),
            NONE,
            NONE),
        new Case(
            "conv_groups_inf_w_stride2",
            ConvSpec.conv1d(2, 4, 3).stride(2).padding(1).groups(2).dtype(f64).build(),
            new int[] {1, 2, 7},
            NONE,
            at(2, INF),
            NONE),
        new Case(
            "transpose_stride2_padding1_nan_x",
            ConvSpec.convTranspose1d(2, 2, 3).stride(2).padding(1).dtype(f32).build(),
            new int[] {1, 2, 5},
            at(0, NAN),
            NONE,
            NONE),
        new Case(
            "transpose_stride3_dilation2_outpad1_inf_w",
            ConvSpec.convTranspose1d(2, 2, 3)
                .stride(3)
                .padding(2)
                .dilation(2)
                .outputPadding(1)
                .dtype(f64)
                .build(),
            new int[] {1, 2, 4},
            NONE,
            at(1, INF),
            NONE),
        new Case(
            "transpose_stride2_nan_gy",
            ConvSpec.convTranspose1d(2, 2, 3).stride(2).dtype(f32).build(),
            new int[] {2, 2, 4},
            NONE,
            NONE,
            at(2, NAN)),
        new Case(
            "transpose_stride1_padding2_nan_x_edge",
            ConvSpec.convTranspose1d(2, 2, 3).padding(2).dtype(f64).build(),
            new int[] {1, 2, 5},
            at(9, NAN),
            NONE,
            NONE),
        new Case(
            "transpose_groups_stride2_nan_w",
            ConvSpec.convTranspose1d(2, 4, 3).stride(2).padding(1).groups(2).dtype(f32).build(),
            new int[] {1, 2, 4},
            NONE,
            at(3, NAN),
            NONE),
        new Case(
            "transpose_stride2_padding2_inf_w_neginf_x",
            ConvSpec.convTranspose1d(2, 2, 2).stride(2).padding(2).dtype(f64).build(),
            new int[] {1, 2, 5},
            at(6, -INF),
            at(0, INF),
            NONE));
  }

  static Stream<Arguments> kernels() {
    return cases().flatMap(c -> Stream.of(Arguments.of(c, "reference"), Arguments.of(c, "engine")));
  }

  @Test
  void everyCaseOfTheScriptIsHere() {
    assertThat(pytorch().keySet())
        .containsExactlyInAnyOrderElementsOf(cases().map(Case::name).toList());
  }

  @ParameterizedTest(name = "[{index}] {0} on the {1}")
  @MethodSource("kernels")
  void nonFiniteValuesReachWhatTheyReachInPyTorch(Case c, String kernel) {
    ConvSpec spec = c.spec();
    Tensor x = filled(spec.dtype(), c.inShape(), 7, 11, 5, 4, 0, c.x());
    Tensor w = filled(spec.dtype(), spec.weightShape(), 5, 7, 3, 2, 0, c.w());
    Tensor b = filled(spec.dtype(), spec.biasShape(), 1, 3, 1, 8, 0, NONE);
    Tensor gy = filled(spec.dtype(), spec.outputShape(c.inShape()), 3, 5, 2, 2, 0.25, c.gy());
    List<double[]> want = pytorch().get(c.name());
    Tensor y;
    Gradients g;
    if (kernel.equals("reference")) {
      y = ReferenceConv.forward(spec, x, w, b);
      g = ReferenceConvBackward.backward(spec, x, w, b, gy);
    } else {
      y = Functional.forward(spec, x, w, b);
      g = Functional.backward(spec, x, w, b, gy);
    }
    assertSame("output", y, want.get(0));
    assertSame("grad_input", g.gradInput(), want.get(1));
    assertSame("grad_weight", g.grad("weight"), want.get(2));
    assertSame("grad_bias", g.grads().get("bias"), want.get(3));
  }

  private static void assertSame(String what, Tensor actual, double[] expected) {
    double[] got = actual.toDoubleArray();
    assertThat(got.length).as(what + " length").isEqualTo(expected.length);
    for (int i = 0; i < got.length; i++) {
      boolean same = Double.isNaN(expected[i]) ? Double.isNaN(got[i]) : got[i] == expected[i];
      assertThat(same)
          .as(
              "%s[%d]: %s where PyTorch has %s (all: %s)",
              what, i, got[i], expected[i], Arrays.toString(got))
          .isTrue();
    }
  }

  private static double[][] at(double... indexValuePairs) {
    double[][] pairs = new double[indexValuePairs.length / 2][];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = new double[] {indexValuePairs[2 * i], indexValuePairs[2 * i + 1]};
    }
    return pairs;
  }

  /** {@code ((i*a) mod b - c) / d + shift} at flat index {@code i}, then the listed entries. */
  private static Tensor filled(
      DType dtype, int[] shape, int a, int b, int c, int d, double shift, double[][] bad) {
    double[] v = new double[Math.toIntExact(Tensor.numel(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (double) ((i * a) % b - c) / d + shift;
    }
    for (double[] entry : bad) {
      v[(int) entry[0]] = entry[1];
    }
    return Tensor.of(dtype, shape, v);
  }

  /** The script's lines: name, then output, grad_input, grad_weight and grad_bias, flattened. */
  private static Map<String, List<double[]>> pytorch() {
    return PYTORCH
        .lines()
        .filter(line -> !line.isBlank())
        .map(line -> line.strip().split(" \\| "))
        .collect(
            Collectors.toMap(
                parts -> parts[0],
                parts ->
                    Stream.of(parts)
                        .skip(1)
                        .map(
                            part ->
                                Arrays.stream(part.trim().split(" "))
                                    .mapToDouble(Double::parseDouble)
                                    .toArray())
                        .toList()));
  }
}
