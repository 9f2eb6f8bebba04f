package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.parity.Layers;
import org.torchparity.spec.ConstantPad1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.DropoutSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.PythonScalars;
import org.torchparity.spec.ReflectionPad1dSpec;
import org.torchparity.spec.ReplicationPad1dSpec;
import org.torchparity.spec.Tensor;
import org.torchparity.spec.UpsampleSpec;

/**
 * The padding, resampling and regularisation family: reprs as real PyTorch prints them, one
 * hand-computed value per module, PyTorch's refusals, Dropout's mask structure and seeding, and
 * libtorch's own nearest upsampling against the module.
 */
class PadTest {

  private static ModuleSpec parse(String module, String argsJson) throws Exception {
    return Layers.parse(module, new ObjectMapper().readTree(argsJson), List.of(), DType.FLOAT32);
  }

  /** Each expected string was printed by PyTorch 1.13's {@code print(module)} for these args. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ConstantPad1d | {\"padding\": 2, \"value\": 3.5} | ConstantPad1d(padding=(2, 2), value=3.5)",
        "ConstantPad1d | {\"padding\": [1, -2], \"value\": 0} | ConstantPad1d(padding=(1, -2), value=0)",
        "ConstantPad1d | {\"padding\": 2, \"value\": 1} | ConstantPad1d(padding=(2, 2), value=1)",
        "ConstantPad1d | {\"padding\": [0, -3], \"value\": -0.0} | ConstantPad1d(padding=(0, -3), value=-0.0)",
        "ConstantPad1d | {\"padding\": 1, \"value\": 1e-07} | ConstantPad1d(padding=(1, 1), value=1e-07)",
        "ReflectionPad1d | {\"padding\": 2} | ReflectionPad1d((2, 2))",
        "ReplicationPad1d | {\"padding\": [0, 3]} | ReplicationPad1d((0, 3))",
        "Upsample | {\"scale_factor\": 2} | Upsample(scale_factor=2.0, mode=nearest)",
        "Upsample | {\"scale_factor\": 3} | Upsample(scale_factor=3.0, mode=nearest)",
        "Upsample | {\"size\": 5, \"mode\": \"linear\", \"align_corners\": true} | Upsample(size=5, mode=linear)",
        "Upsample | {\"scale_factor\": 1.5, \"mode\": \"linear\"} | Upsample(scale_factor=1.5, mode=linear)",
        "Upsample | {\"size\": [5]} | Upsample(size=(5,), mode=nearest)",
        "Upsample | {\"scale_factor\": 1e-05} | Upsample(scale_factor=1e-05, mode=nearest)",
        "Upsample | {\"scale_factor\": 0.7, \"mode\": \"nearest-exact\"} | Upsample(scale_factor=0.7, mode=nearest-exact)",
        "Dropout | {} | Dropout(p=0.5, inplace=False)",
        "Dropout | {\"p\": 0.3, \"inplace\": true} | Dropout(p=0.3, inplace=True)",
        "Dropout | {\"p\": 0} | Dropout(p=0, inplace=False)",
        "Dropout | {\"p\": 1e-05} | Dropout(p=1e-05, inplace=False)",
      })
  void reprIsPyTorchs(String module, String args, String expected) throws Exception {
    ModuleSpec spec = parse(module, args);
    assertThat(spec.repr()).isEqualTo(expected);
    // arguments() written back parse to the same module
    String written = new ObjectMapper().writeValueAsString(spec.arguments());
    assertThat(parse(module, written)).isEqualTo(spec);
  }

  /** Python's repr of each value, printed by {@code /usr/bin/python3 -c 'print(repr(v))'}. */
  @ParameterizedTest
  @CsvSource({
    "0.1, 0.1",
    "1e-05, 1e-05",
    "1e16, 1e+16",
    "1.5e-07, 1.5e-07",
    "123456789012345678.0, 1.2345678901234568e+17",
    "0.0001, 0.0001",
    "-0.0, -0.0",
    "1e22, 1e+22",
    "3.0, 3.0",
    "0.3333333333333333, 0.3333333333333333",
    "1234567890123456.0, 1234567890123456.0",
    "-2.25e-300, -2.25e-300",
    "5e-324, 5e-324",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "0.30000000000000004, 0.30000000000000004",
  })
  void floatsPrintAsPythonPrintsThem(double value, String python) {
    assertThat(PythonScalars.floatRepr(value)).isEqualTo(python);
  }

  @Test
  void constantPadFillsAndCrops() {
    // (1, 2) with value 9 on [1, 2, 3]: [9 | 1 2 3 | 9 9]
    try (ConstantPad1d m = ConstantPad1d.of(ConstantPad1dSpec.of(1, 2, 9.0), DeviceSpec.CPU)) {
      assertThat(m.forward(new float[] {1, 2, 3}, 1, 3)).containsExactly(9, 1, 2, 3, 9, 9);
    }
    // (-1, 1) with value 0 on [1, 2, 3]: drop x[0], append one 0: [2 3 0]
    try (ConstantPad1d m = ConstantPad1d.of(ConstantPad1dSpec.of(-1, 1, 0L), DeviceSpec.CPU)) {
      assertThat(m.forward(new float[] {1, 2, 3}, 3)).containsExactly(2, 3, 0);
    }
  }

  @Test
  void reflectionPadMirrorsAndFoldsGradients() {
    try (ReflectionPad1d m = ReflectionPad1d.of(2, 1)) {
      // i = j - 2 for j = 0..6: -2 -1 0 1 2 3 4 -> reflected 2 1 0 1 2 3 2 -> x = [1 2 3 4]
      assertThat(m.forward(new float[] {1, 2, 3, 4}, 1, 4)).containsExactly(3, 2, 1, 2, 3, 4, 3);
      // ones back through those sources: x0 once, x1 twice, x2 three times, x3 once
      Gradients g =
          m.backward(
              Tensor.of(new int[] {1, 4}, new float[] {1, 2, 3, 4}),
              Tensor.ones(DType.FLOAT32, 1, 7));
      assertThat(g.gradInput().toFloatArray()).containsExactly(1, 2, 3, 1);
    }
    try (ReflectionPad1d m = ReflectionPad1d.of(-3, 2)) {
      // i = j + 3 for j = 0..3: 3 4 5 6 -> 3 4 (2*4-5=3) (2*4-6=2) -> x[3] x[4] x[3] x[2]
      assertThat(m.forward(new float[] {1, 2, 3, 4, 5}, 1, 5)).containsExactly(4, 5, 4, 3);
    }
  }

  @Test
  void replicationPadRepeatsTheEdges() {
    try (ReplicationPad1d m = ReplicationPad1d.of(2, 1)) {
      // x[0] twice, the signal, x[2] once
      assertThat(m.forward(new float[] {1, 2, 3}, 1, 3)).containsExactly(1, 1, 1, 2, 3, 3);
    }
  }

  @Test
  void reflectionPadRefusesAnUnbatchedInputWithoutChannels() {
    // libtorch 2.7.1's check_valid_input<1> refuses (0, L); PyTorch 1.13's reflection_pad1d
    // returned an empty (0, L + 2) there (see docs/modules/pad.md): torch-parity follows 2.7.1.
    assertThatThrownBy(() -> ReflectionPad1dSpec.of(1).outputShape(new int[] {0, 5}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("possibly 0 batch size and other non-zero dimensions")
        .hasMessageContaining("[0, 5]");
    assertThat(ReflectionPad1dSpec.of(1).outputShape(new int[] {0, 2, 5})).containsExactly(0, 2, 7);
  }

  @Test
  void upsampleNearestUsesTheScaleItWasGiven() {
    float[] x = {10, 11, 12, 13, 14};
    // scale 1.7 on L 5: out = floor(8.5) = 8; sources floor(d * (float) (1 / 1.7)) =
    // floor(0, .59, 1.18, 1.76, 2.35, 2.94, 3.53, 4.12) = 0 0 1 1 2 2 3 4
    try (Upsample m = Upsample.of(1.7, "nearest")) {
      assertThat(m.forward(x, 1, 1, 5)).containsExactly(10, 10, 11, 11, 12, 12, 13, 14);
    }
    // recompute_scale_factor=True: out 8, sources floor(d * 5 / 8) =
    // floor(0, .625, 1.25, 1.875, 2.5, 3.125, 3.75, 4.375) = 0 0 1 1 2 3 3 4
    UpsampleSpec recompute = UpsampleSpec.ofScale(1.7, "nearest").withRecomputeScaleFactor(true);
    try (Upsample m = Upsample.of(recompute, DeviceSpec.CPU)) {
      assertThat(m.forward(x, 1, 1, 5)).containsExactly(10, 10, 11, 11, 12, 13, 13, 14);
    }
  }

  @Test
  void upsampleNearestBackwardFollowsPyTorchsBackwardKernel() {
    // scale 1.1 on L 5: out 5. The forward reads floor(d / 1.1) = 0 0 1 2 3; PyTorch's backward
    // kernel (nearest_idx) sees out == L and sends each gradient to d: ones give ones.
    try (Upsample m = Upsample.of(1.1, "nearest")) {
      Tensor x = Tensor.of(new int[] {1, 1, 5}, new float[] {10, 11, 12, 13, 14});
      assertThat(m.forward(x).toFloatArray()).containsExactly(10, 10, 11, 12, 13);
      assertThat(m.backward(x, Tensor.ones(DType.FLOAT32, 1, 1, 5)).gradInput().toFloatArray())
          .containsExactly(1, 1, 1, 1, 1);
    }
  }

  @Test
  void upsampleLinearBlendsNeighbours() {
    // [0, 10] x2, align_corners False: r = max(0, 0.5 (d + 0.5) - 0.5) = 0, .25, .75, 1.25;
    // i0 = 0 0 0 1 (clamped to L-1), l1 = 0 .25 .75 .25 (i1 = i0 at the end): 0 2.5 7.5 10
    try (Upsample m = Upsample.of(2, "linear")) {
      assertThat(m.forward(new float[] {0, 10}, 1, 1, 2)).containsExactly(0, 2.5f, 7.5f, 10);
    }
    // size 9 from [0 10 20 30 40] with align_corners: r = d * 4/8, the midpoints in between
    UpsampleSpec aligned = UpsampleSpec.ofSize(9, "linear").withAlignCorners(true);
    try (Upsample m = Upsample.of(aligned, DeviceSpec.CPU)) {
      assertThat(m.forward(new float[] {0, 10, 20, 30, 40}, 1, 1, 5))
          .containsExactly(0, 5, 10, 15, 20, 25, 30, 35, 40);
    }
  }

  /**
   * libtorch's own {@code upsample_nearest1d} through DJL's {@code interpolate} (which passes an
   * output size and no scale) gives exactly what the gather-built module gives for a size.
   */
  @Test
  void upsampleMatchesLibtorchsNearestKernelForASize() {
    SplittableRandom random = new SplittableRandom(5);
    try (NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      for (int length = 1; length <= 9; length++) {
        for (int size = 1; size <= 23; size += 2) {
          float[] x = new float[2 * length];
          for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
          }
          NDArray input = manager.create(x, new Shape(1, 2, length));
          float[] libtorch =
              JniUtils.interpolate((PtNDArray) input, new long[] {size}, 0, false).toFloatArray();
          try (Upsample m = Upsample.of(UpsampleSpec.ofSize(size, "nearest"), DeviceSpec.CPU)) {
            assertThat(m.forward(x, 1, 2, length))
                .as("L %d, size %d", length, size)
                .containsExactly(libtorch);
          }
        }
      }
    }
  }

  /**
   * Why the module gathers instead of calling DJL's {@code interpolate} for {@code linear}: DJL's
   * native code sets {@code antialias=True} for every mode but nearest and area, which libtorch
   * refuses on a 3-D input.
   */
  @Test
  void djlInterpolateCannotRunLinearOnA3dInput() {
    try (NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      NDArray input = manager.create(new float[] {0, 10, 20}, new Shape(1, 1, 3));
      assertThatThrownBy(() -> JniUtils.interpolate((PtNDArray) input, new long[] {6}, 1, false))
          .hasMessageContaining("Anti-alias option is only supported for bilinear and bicubic");
    }
  }

  @Test
  void upsampleRefusesWhatPyTorchRefuses() {
    assertThatThrownBy(
            () -> new UpsampleSpec(4, false, 2.0, false, "nearest", null, null, DType.FLOAT32))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("only one of size or scale_factor should be defined");
    assertThatThrownBy(() -> UpsampleSpec.ofScale(2, "nearest").withAlignCorners(true))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("align_corners option can only be set with the interpolating modes")
        .extracting(e -> ((InvalidArgumentException) e).argument())
        .isEqualTo("align_corners");
    assertThatThrownBy(() -> UpsampleSpec.ofScale(2, "bilinear"))
        .hasMessageContaining("Got 3D input, but bilinear mode needs 4D input");
    assertThatThrownBy(() -> UpsampleSpec.ofScale(2, "area"))
        .hasMessageContaining("torch-parity does not implement it");
    assertThatThrownBy(() -> UpsampleSpec.ofScale(0.1, "nearest").outputShape(new int[] {2, 3, 5}))
        .hasMessageContaining("Input and output sizes should be greater than 0")
        .hasMessageContaining("(W: 0)");
    assertThatThrownBy(() -> UpsampleSpec.ofScale(2, "nearest").outputShape(new int[] {1, 2, 3, 4}))
        .hasMessageContaining("PyTorch's also takes 4-D and 5-D input");
  }

  @Test
  void paddingsRefuseWhatPyTorchRefuses() {
    assertThatThrownBy(() -> ReflectionPad1dSpec.of(3).outputShape(new int[] {1, 2, 3}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("Padding size should be less than the corresponding input dimension")
        .hasMessageContaining("padding (3, 3)");
    assertThatThrownBy(() -> ReplicationPad1dSpec.of(-3, -2).outputShape(new int[] {2, 5}))
        .hasMessageContaining("input (W: 5) is too small. Calculated output W: 0");
    assertThatThrownBy(() -> ConstantPad1dSpec.of(-6, 2, 0L).outputShape(new int[] {2, 5}))
        .hasMessageContaining("padding (-6, 2) would remove more elements than the 5");
    assertThatThrownBy(() -> ConstantPad1dSpec.ofPadding(new int[] {1, 2, 3}, 0.0, DType.FLOAT32))
        .extracting(e -> ((InvalidArgumentException) e).argument())
        .isEqualTo("padding");
  }

  @Test
  void dropoutRefusesProbabilitiesOutsideTheUnitInterval() {
    for (double p : new double[] {-0.1, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> DropoutSpec.of(p))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("dropout probability has to be between 0 and 1, but got")
          .extracting(e -> ((InvalidArgumentException) e).argument())
          .isEqualTo("p");
    }
  }

  @Test
  void dropoutIsTheIdentityInEvalAndZeroAtPOne() {
    float[] x = {1.5f, -2f, 0.25f, -0f};
    try (Dropout m = Dropout.of(0.5)) {
      m.eval();
      assertThat(m.forward(x, 4)).containsExactly(x);
    }
    try (Dropout m = Dropout.of(1.0)) {
      // p = 1 in training: x * 0, so a negative x gives -0.0
      float[] y = m.forward(x, 4);
      assertThat(y).containsExactly(0f, -0f, 0f, -0f);
      assertThat(Float.floatToRawIntBits(y[1])).isEqualTo(Float.floatToRawIntBits(-0f));
    }
  }

  /**
   * In training mode every element is either 0 or {@code x / (1 - p)}; the same seed gives the same
   * mask, another seed another; a seeded backward uses the seeded forward's mask.
   */
  @Test
  void dropoutTrainingKeepsOrZeroesEachElementAndReplaysWithASeed() {
    double p = 0.3;
    int n = 1000;
    float[] x = new float[n];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() + 0.5); // never 0, so a kept element is not 0
    }
    try (Dropout m = Dropout.of(p)) {
      float[] y = Module.manualSeed(17, () -> m.forward(x, n));
      int kept = 0;
      for (int i = 0; i < n; i++) {
        if (y[i] != 0) {
          kept++;
          assertThat((double) y[i])
              .isCloseTo(
                  x[i] / (1 - p),
                  org.assertj.core.data.Offset.offset(1e-6 * Math.abs(x[i] / (1 - p))));
        }
      }
      // 1000 Bernoulli(0.7) draws: 700 expected, standard deviation 14.5; this seed kept `kept`
      assertThat(kept).isBetween(600, 800);
      assertThat(Module.manualSeed(17, () -> m.forward(x, n))).containsExactly(y);
      assertThat(Module.manualSeed(18, () -> m.forward(x, n))).isNotEqualTo(y);
      Tensor input = Tensor.of(new int[] {n}, x);
      float[] grad =
          Module.manualSeed(17, () -> m.backward(input, Tensor.ones(DType.FLOAT32, n)))
              .gradInput()
              .toFloatArray();
      for (int i = 0; i < n; i++) {
        assertThat(grad[i] != 0).as("element %d kept", i).isEqualTo(y[i] != 0);
      }
    }
  }
}
