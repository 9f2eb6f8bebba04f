package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.io.CaseWriter;
import org.torchparity.parity.Layers;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.AvgPool1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LpPool1dSpec;
import org.torchparity.spec.MaxPool1dSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.PoolShapes;
import org.torchparity.spec.SizeArg;
import org.torchparity.spec.Tensor;

/**
 * The 1-D pooling modules: reprs against what PyTorch 1.13 prints
 * (src/test/resources/repr/pool_reprs.json, written by generate_pool_reprs.py beside it), one
 * hand-computed result per module, and the refusals' messages.
 */
class PoolTest {
  private static final Path REPRS = Path.of("src/test/resources/repr/pool_reprs.json");

  /** The input every hand computation below uses. */
  private static final double[] X = {1, 5, 2, 8, 3, -1, 4};

  static List<JsonNode> reprs() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper().readTree(REPRS.toFile()).get("cases").forEach(out::add);
    return out;
  }

  private static ModuleSpec parse(String module, JsonNode args) {
    return Layers.parse(module, args, List.of(), DType.FLOAT32);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reprs")
  void reprIsWhatPyTorchPrintsAndArgumentsReadBack(JsonNode c) {
    ModuleSpec spec = parse(c.get("module").asText(), c.get("args"));
    assertThat(spec.repr()).isEqualTo(c.get("repr").asText());
    try (Module module = Layers.build(spec, DeviceSpec.CPU)) {
      assertThat(module.toString()).isEqualTo(c.get("repr").asText());
    }
    // arguments() written as a case writes them parse back to the same spec.
    assertThat(parse(spec.typeName(), CaseWriter.args(spec))).isEqualTo(spec);
  }

  private static Tensor row(double... values) {
    return Tensor.of(DType.FLOAT64, new int[] {1, 1, values.length}, values);
  }

  @Test
  void maxPoolPicksWindowMaximaAndTheirIndices() {
    // MaxPool1d(3, stride=2, padding=1) on [1, 5, 2, 8, 3, -1, 4]: floor((7 + 2 - 3) / 2) + 1 = 4
    // windows over positions {-1, 0, 1}, {1, 2, 3}, {3, 4, 5}, {5, 6, 7} (-1 and 7 are padding):
    // max(1, 5) = 5 at 1; max(5, 2, 8) = 8 at 3; max(8, 3, -1) = 8 at 3; max(-1, 4) = 4 at 6.
    MaxPool1dSpec spec =
        new MaxPool1dSpec(
            SizeArg.of(3), SizeArg.of(2), SizeArg.of(1), SizeArg.of(1), true, false, DType.FLOAT64);
    try (MaxPool1d pool = MaxPool1d.of(spec, DeviceSpec.CPU)) {
      List<Tensor> out = pool.forwardAll(row(X));
      assertThat(out.get(0).toDoubleArray()).containsExactly(5, 8, 8, 4);
      assertThat(out.get(1).dtype()).isEqualTo(DType.INT64);
      assertThat(out.get(1).toLongArray()).containsExactly(1, 3, 3, 6);
      // Each output's gradient (ones) goes to its index: position 3 takes two.
      Tensor grad = pool.backward(row(X), Tensor.ones(DType.FLOAT64, 1, 1, 4)).gradInput();
      assertThat(grad.toDoubleArray()).containsExactly(0, 1, 0, 2, 0, 0, 1);
    }
  }

  @Test
  void dilatedMaxPoolAndTiesAndNaNFollowLibtorchsScan() {
    // MaxPool1d(2, stride=1, dilation=2) on [1, 5, 2, 8, 3]: floor((5 - 2 - 1) / 1) + 1 = 3
    // windows {0, 2}, {1, 3}, {2, 4}: max(1, 2) = 2, max(5, 8) = 8, max(2, 3) = 3.
    MaxPool1dSpec dilated =
        new MaxPool1dSpec(
            SizeArg.of(2), SizeArg.of(1), SizeArg.of(0), SizeArg.of(2), true, false, DType.FLOAT64);
    try (MaxPool1d pool = MaxPool1d.of(dilated, DeviceSpec.CPU)) {
      List<Tensor> out = pool.forwardAll(row(1, 5, 2, 8, 3));
      assertThat(out.get(0).toDoubleArray()).containsExactly(2, 8, 3);
      assertThat(out.get(1).toLongArray()).containsExactly(2, 3, 4);
    }
    // One window of [3, 3, 1]: the first 3 (index 0); of [1, NaN, NaN]: the last NaN (index 2).
    MaxPool1dSpec whole =
        new MaxPool1dSpec(
            SizeArg.of(3), null, SizeArg.of(0), SizeArg.of(1), true, false, DType.FLOAT64);
    try (MaxPool1d pool = MaxPool1d.of(whole, DeviceSpec.CPU)) {
      assertThat(pool.forwardAll(row(3, 3, 1)).get(1).toLongArray()).containsExactly(0);
      List<Tensor> nan = pool.forwardAll(row(1, Double.NaN, Double.NaN));
      assertThat(nan.get(0).toDoubleArray()[0]).isNaN();
      assertThat(nan.get(1).toLongArray()).containsExactly(2);
    }
  }

  @Test
  void avgPoolDividesAsLibtorchDoesAtThePaddedEdges() {
    // AvgPool1d(3, stride=2, padding=1) on [1, 5, 2, 8, 3, -1, 4], windows as above.
    // count_include_pad=True: (0 + 1 + 5) / 3 = 2, (5 + 2 + 8) / 3 = 5, (8 + 3 - 1) / 3 = 10/3,
    // (-1 + 4 + 0) / 3 = 1. count_include_pad=False divides by the input positions covered:
    // 6 / 2 = 3, 5, 10/3, 3 / 2 = 1.5.
    for (boolean countPad : new boolean[] {true, false}) {
      AvgPool1dSpec spec = new AvgPool1dSpec(3, 2, 1, false, countPad, DType.FLOAT64);
      try (AvgPool1d pool = AvgPool1d.of(spec, DeviceSpec.CPU)) {
        double[] y = pool.forward(row(X)).toDoubleArray();
        double[] expected =
            countPad ? new double[] {2, 5, 10.0 / 3, 1} : new double[] {3, 5, 10.0 / 3, 1.5};
        assertThat(y).containsExactly(expected, org.assertj.core.data.Offset.offset(1e-15));
      }
    }
  }

  @Test
  void adaptivePoolsUseFloorAndCeilWindows() {
    // Output 3 over length 7: windows [floor(0), ceil(7/3)) = [0, 3), [floor(7/3), ceil(14/3)) =
    // [2, 5), [floor(14/3), 7) = [4, 7): {1, 5, 2}, {2, 8, 3}, {3, -1, 4}.
    // Means: 8/3, 13/3, 2. Maxima: 5 at 1, 8 at 3, 4 at 6.
    try (AdaptiveAvgPool1d avg =
        AdaptiveAvgPool1d.of(
            new AdaptiveAvgPool1dSpec(SizeArg.of(3), DType.FLOAT64), DeviceSpec.CPU)) {
      assertThat(avg.forward(row(X)).toDoubleArray())
          .containsExactly(
              new double[] {8.0 / 3, 13.0 / 3, 2}, org.assertj.core.data.Offset.offset(1e-15));
    }
    try (AdaptiveMaxPool1d max =
        AdaptiveMaxPool1d.of(
            new AdaptiveMaxPool1dSpec(SizeArg.of(3), true, DType.FLOAT64), DeviceSpec.CPU)) {
      List<Tensor> out = max.forwardAll(row(X));
      assertThat(out.get(0).toDoubleArray()).containsExactly(5, 8, 4);
      assertThat(out.get(1).toLongArray()).containsExactly(1, 3, 6);
    }
  }

  @Test
  void lpPoolIsTheRootOfTheSummedPowersWithAZeroGradientAtZero() {
    // LPPool1d(2, 3) on [1, 5, 2, 8, 3, -1, 4]: floor((7 - 3) / 3) + 1 = 2 windows:
    // sqrt(1 + 25 + 4) = sqrt(30), sqrt(64 + 9 + 1) = sqrt(74).
    try (LPPool1d pool =
        LPPool1d.of(new LpPool1dSpec(2, true, 3, null, false, DType.FLOAT64), DeviceSpec.CPU)) {
      assertThat(pool.forward(row(X)).toDoubleArray())
          .containsExactly(
              new double[] {Math.sqrt(30), Math.sqrt(74)},
              org.assertj.core.data.Offset.offset(1e-14));
    }
    // LPPool1d(2, 2) on [0, 0, 3, 4]: [0, 5]. With ones as grad_output: the zero window sends 0
    // (relu's backward stops the root's infinite slope), the other x / 5 = [0.6, 0.8].
    try (LPPool1d pool =
        LPPool1d.of(new LpPool1dSpec(2, true, 2, null, false, DType.FLOAT64), DeviceSpec.CPU)) {
      Tensor x = row(0, 0, 3, 4);
      assertThat(pool.forward(x).toDoubleArray()).containsExactly(0, 5);
      Tensor grad = pool.backward(x, Tensor.ones(DType.FLOAT64, 1, 1, 2)).gradInput();
      assertThat(grad.toDoubleArray())
          .containsExactly(
              new double[] {0, 0, 0.6, 0.8}, org.assertj.core.data.Offset.offset(1e-15));
    }
  }

  @Test
  void refusalsNameTheArgumentAndSayWhy() {
    assertThatThrownBy(
            () ->
                new MaxPool1dSpec(
                    SizeArg.of(3), null, SizeArg.of(2), SizeArg.of(1), false, false, DType.FLOAT32))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "max_pool1d() padding should be at most half of kernel size, but got padding=2 and"
                + " kernel_size=3")
        .extracting(e -> ((InvalidArgumentException) e).argument())
        .isEqualTo("padding");
    assertThatThrownBy(() -> new AvgPool1dSpec(2, 0, 0, false, true, DType.FLOAT32))
        .hasMessageContaining("stride should not be zero");
    assertThatThrownBy(() -> AdaptiveAvgPool1dSpec.of(-1))
        .hasMessage(
            "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but"
                + " received {1, -1}");
    assertThatThrownBy(() -> LpPool1dSpec.of(0, 2))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("norm_type must not be 0");
    assertThatThrownBy(
            () ->
                parse(
                    "LPPool1d",
                    new ObjectMapper().readTree("{\"norm_type\": 2, \"kernel_size\": [2]}")))
        .hasMessageContaining("kernel_size must be an int");
    assertThatThrownBy(
            () -> parse("MaxPool1d", new ObjectMapper().readTree("{\"kernel_size\": [2, 2]}")))
        .hasMessage(
            "max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 but"
                + " got size 2");
    assertThatThrownBy(() -> parse("AvgPool1d", new ObjectMapper().readTree("{\"stride\": 2}")))
        .hasMessage("AvgPool1d.__init__() missing 1 required positional argument: 'kernel_size'");
  }

  @Test
  void inputsPyTorchRefusesAreRefusedWithItsReason() {
    assertThatThrownBy(() -> MaxPool1dSpec.of(2).outputShape(new int[] {7}))
        .hasMessage(
            "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for"
                + " input, but got:[7]");
    assertThatThrownBy(() -> MaxPool1dSpec.of(8).outputShape(new int[] {2, 3, 7}))
        .hasMessage("max_pool1d() Invalid computed output size: 0");
    assertThatThrownBy(() -> AvgPool1dSpec.of(8).outputShape(new int[] {2, 3, 7}))
        .hasMessage(
            "Given input size: (3x1x7). Calculated output size: (3x1x0). Output size is too"
                + " small");
    assertThatThrownBy(() -> AdaptiveMaxPool1dSpec.of(2).outputShape(new int[] {2, 0, 5}))
        .hasMessage(
            "adaptive_max_pool1d(): Expected input to have non-zero size for non-batch"
                + " dimensions, but input has sizes [2, 0, 5] with dimension 1 being empty");
    // Unbatched, zero channels: accepted, as libtorch accepts it.
    assertThat(AdaptiveMaxPool1dSpec.of(2).outputShape(new int[] {0, 5})).containsExactly(0, 2);
  }

  @Test
  void aWindowOfPaddingOnlyIsRefusedWherePyTorchReadsOutOfRange() {
    // MaxPool1d(2, stride=1, padding=1, dilation=3) over length 2: floor((2 + 2 - 3 - 1) / 1) + 1
    // = 1 window, positions -1 and 2, both padding. PyTorch 1.13 returns -inf with index 2.
    MaxPool1dSpec spec =
        new MaxPool1dSpec(
            SizeArg.of(2), SizeArg.of(1), SizeArg.of(1), SizeArg.of(3), true, false, DType.FLOAT32);
    assertThatThrownBy(() -> spec.outputShape(new int[] {1, 1, 2}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("holds only padding");
    assertThat(spec.outputShape(new int[] {1, 1, 3})).containsExactly(1, 1, 2);
  }

  @Test
  void adaptiveBackwardOfAnEmptyOutputIsRefusedAsLibtorchRefusesIt() {
    try (AdaptiveAvgPool1d pool = AdaptiveAvgPool1d.of(0)) {
      Tensor x = Tensor.zeros(DType.FLOAT32, 1, 1, 5);
      assertThat(pool.forward(x).shape()).containsExactly(1, 1, 0);
      assertThatThrownBy(() -> pool.backward(x, Tensor.zeros(DType.FLOAT32, 1, 1, 0)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("adaptive_avg_pool2d_backward(): Expected grad_output to have");
    }
  }

  @Test
  void aCaseClaimingAHugeAdaptiveOutputIsOverTheBudgetBeforeAnythingIsAllocated() {
    // 200 channels x (2^31 - 1) windows: about 4.3e11 elements, over the 2^28 of the default.
    assertThat(
            org.torchparity.parity.Budget.DEFAULT.exceeded(
                AdaptiveAvgPool1dSpec.of(Integer.MAX_VALUE), new int[] {1, 200, 5}, false))
        .hasValueSatisfying(reason -> assertThat(reason).contains("more than the budget"));
    assertThat(
            org.torchparity.parity.Budget.DEFAULT.exceeded(
                AdaptiveAvgPool1dSpec.of(3), new int[] {1, 200, 5}, true))
        .isEmpty();
  }

  @Test
  void floatsPrintAsPythonPrintsThem() {
    // Python 3: repr(2.0), repr(0.0001), repr(1e-05), repr(1e16), repr(-2.5), repr(1e15).
    assertThat(PoolShapes.pythonFloat(2.0)).isEqualTo("2.0");
    assertThat(PoolShapes.pythonFloat(0.0001)).isEqualTo("0.0001");
    assertThat(PoolShapes.pythonFloat(1e-05)).isEqualTo("1e-05");
    assertThat(PoolShapes.pythonFloat(1e16)).isEqualTo("1e+16");
    assertThat(PoolShapes.pythonFloat(-2.5)).isEqualTo("-2.5");
    assertThat(PoolShapes.pythonFloat(1e15)).isEqualTo("1000000000000000.0");
  }
}
