package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.ConvSpec;

/**
 * The phase route of ConvTranspose1d ({@link TransposedPhases}) against {@link
 * EngineConv#scatterTransposed}, which is PyTorch's own {@code col2im} formula: the same products,
 * summed in another order, so float64 results agree to a few ulps. The grid covers what the route
 * is taken for (a stride above 1 dividing the kernel, dilation 1) with groups, bias, padding beyond
 * the stuffed edge and output padding; the layer-level cases from PyTorch 1.13 run through it too
 * ({@code parity-tests/cases/conv_transpose1d_*}).
 */
class TransposedPhasesTest {

  static Stream<Arguments> specs() {
    return Stream.of(
        // in, out, k, stride, padding, outputPadding, groups, bias, batch, length
        Arguments.of(64, 1, 16, 8, 0, 0, 1, false, 2, 50), // the Conv-TasNet decoder, short
        Arguments.of(3, 5, 4, 2, 1, 1, 1, true, 2, 7),
        Arguments.of(4, 6, 6, 3, 4, 2, 2, true, 3, 5),
        Arguments.of(2, 2, 2, 2, 3, 0, 2, false, 1, 4), // padding crops past the first phase
        Arguments.of(1, 3, 5, 5, 0, 4, 1, true, 2, 1), // one sample, all of it output padding
        Arguments.of(6, 3, 9, 3, 2, 1, 3, true, 2, 11));
  }

  @ParameterizedTest
  @MethodSource("specs")
  void agreesWithPyTorchsScatterFormula(
      int in,
      int out,
      int k,
      int stride,
      int padding,
      int outputPadding,
      int groups,
      boolean bias,
      int batch,
      int length) {
    ConvSpec spec =
        ConvSpec.convTranspose1d(in, out, k)
            .stride(stride)
            .padding(padding)
            .outputPadding(outputPadding)
            .groups(groups)
            .bias(bias)
            .build();
    assertThat(TransposedPhases.applies(spec)).isTrue();
    try (NDManager m = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      SplittableRandom random = new SplittableRandom(k * 31L + stride);
      NDArray x = random(m, random, batch, in, length);
      NDArray w = random(m, random, in, out / groups, k);
      NDArray b = bias ? random(m, random, out) : null;
      NDArray phases = TransposedPhases.compute(spec, x, w, b, outputPadding);
      long outLength = (length - 1L) * stride - 2L * padding + k + outputPadding;
      NDArray scatter =
          EngineConv.scatterTransposed(x, w, b, stride, 1, groups, padding, outLength);
      assertThat(phases.getShape()).isEqualTo(new Shape(batch, out, outLength));
      double[] p = phases.toDoubleArray();
      double[] s = scatter.toDoubleArray();
      for (int i = 0; i < p.length; i++) {
        assertThat(p[i])
            .as("index %d", i)
            .isCloseTo(s[i], org.assertj.core.data.Offset.offset(1e-12));
      }
    }
  }

  @Test
  void infiniteInputsReachOnlyTheirOwnOutputs() {
    // x = [1, inf, 1], one channel, w = [1, 2] at stride 2: y[2t + j] = x[t] * w[j], so y = [1, 2,
    // inf, inf, 1, 2]; a route that multiplied a stuffed or padded zero by inf would put NaN there.
    ConvSpec spec = ConvSpec.convTranspose1d(1, 1, 2).stride(2).bias(false).build();
    try (NDManager m = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      NDArray x = m.create(new double[] {1, Double.POSITIVE_INFINITY, 1}, new Shape(1, 1, 3));
      NDArray w = m.create(new double[] {1, 2}, new Shape(1, 1, 2));
      double[] y = TransposedPhases.compute(spec, x, w, null, 0).toDoubleArray();
      assertThat(y).containsExactly(1, 2, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1, 2);
    }
  }

  private static NDArray random(NDManager m, SplittableRandom random, long... shape) {
    Shape s = new Shape(shape);
    double[] values = new double[(int) s.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    return m.create(values, s).toType(DataType.FLOAT64, false);
  }
}
