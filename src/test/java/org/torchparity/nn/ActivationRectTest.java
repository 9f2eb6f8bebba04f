package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.parity.Layers;
import org.torchparity.reference.ReferenceModule;
import org.torchparity.spec.CeluSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.EluSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.HardtanhSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LeakyReluSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.PreluSpec;
import org.torchparity.spec.Relu6Spec;
import org.torchparity.spec.SeluSpec;
import org.torchparity.spec.SigmoidSpec;
import org.torchparity.spec.SoftplusSpec;
import org.torchparity.spec.SoftsignSpec;
import org.torchparity.spec.TanhSpec;
import org.torchparity.spec.Tensor;

/**
 * The rectifier, clamp, exponential and soft activations: reprs as PyTorch prints them, one
 * hand-computed value and gradient per module, PReLU's parameter, the refusals and their messages,
 * and the NaN-input gradient being the same wherever the NaN sits.
 */
class ActivationRectTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // ------------------------------------------------------------------ reprs

  /**
   * Each line was printed by {@code print(nn.X(...))} in PyTorch 1.13 (Softplus's default aside).
   */
  @Test
  void reprsAreAsPyTorchPrintsThem() {
    DType f = DType.FLOAT32;
    Map<ModuleSpec, String> expected = new java.util.LinkedHashMap<>();
    expected.put(Relu6Spec.of(), "ReLU6()");
    expected.put(new Relu6Spec(true, f), "ReLU6(inplace=True)");
    expected.put(LeakyReluSpec.of(0.01), "LeakyReLU(negative_slope=0.01)");
    expected.put(new LeakyReluSpec(0.2, true, f), "LeakyReLU(negative_slope=0.2, inplace=True)");
    expected.put(LeakyReluSpec.of(1e-10), "LeakyReLU(negative_slope=1e-10)");
    expected.put(PreluSpec.of(1), "PReLU(num_parameters=1)");
    expected.put(new PreluSpec(3, 0.1, f), "PReLU(num_parameters=3)");
    expected.put(HardtanhSpec.of(-1, 1), "Hardtanh(min_val=-1.0, max_val=1.0)");
    expected.put(
        new HardtanhSpec(-2.5, 3.25, true, f),
        "Hardtanh(min_val=-2.5, max_val=3.25, inplace=True)");
    expected.put(EluSpec.of(1), "ELU(alpha=1.0)");
    expected.put(new EluSpec(0.5, true, f), "ELU(alpha=0.5, inplace=True)");
    expected.put(EluSpec.of(1e20), "ELU(alpha=1e+20)");
    expected.put(SeluSpec.of(), "SELU()");
    expected.put(new SeluSpec(true, f), "SELU(inplace=True)");
    expected.put(CeluSpec.of(1), "CELU(alpha=1.0)");
    expected.put(new CeluSpec(2, true, f), "CELU(alpha=2.0, inplace=True)");
    expected.put(TanhSpec.of(), "Tanh()");
    expected.put(SigmoidSpec.of(), "Sigmoid()");
    expected.put(SoftsignSpec.of(), "Softsign()");
    expected.put(SoftplusSpec.of(2, 10), "Softplus(beta=2.0, threshold=10.0)");
    expected.put(SoftplusSpec.of(0.5, 0.001), "Softplus(beta=0.5, threshold=0.001)");
    // PyTorch 2.x's defaults are the floats 1.0 and 20.0 (its signature and its docs); 1.13's were
    // the ints 1 and 20 and printed "Softplus(beta=1, threshold=20)". 1.13 prints this line for
    // nn.Softplus(1.0, 20.0).
    expected.put(SoftplusSpec.of(), "Softplus(beta=1.0, threshold=20.0)");
    expected.forEach((spec, repr) -> assertThat(spec.repr()).as(repr).isEqualTo(repr));
  }

  /** Python's {@code repr(float)} of each value, as PyTorch 1.13 printed it in LeakyReLU's repr. */
  @Test
  void floatArgumentsPrintAsPythonFloats() {
    Map<Double, String> python = new java.util.LinkedHashMap<>();
    python.put(0.1 + 0.2, "0.30000000000000004");
    python.put(1e-05, "1e-05");
    python.put(0.0001, "0.0001");
    python.put(1e16, "1e+16");
    python.put(1234567890123456.0, "1234567890123456.0");
    python.put(-0.0, "-0.0");
    python.put(Double.NaN, "nan");
    python.put(Double.NEGATIVE_INFINITY, "-inf");
    python.put(2.5e-300, "2.5e-300");
    python.forEach(
        (value, text) ->
            assertThat(LeakyReluSpec.of(value).extraRepr()).isEqualTo("negative_slope=" + text));
  }

  @Test
  void moduleToStringIsTheSpecsRepr() {
    try (PReLU prelu = PReLU.of(4);
        Softplus softplus = Softplus.of()) {
      assertThat(prelu).hasToString("PReLU(num_parameters=4)");
      assertThat(softplus).hasToString("Softplus(beta=1.0, threshold=20.0)");
    }
  }

  // ------------------------------------------------------------------ hand-computed values

  @Test
  void relu6ClampsAndHasNoGradientAtItsKinks() {
    // [-1, 0, 3, 6, 7] -> [0, 0, 3, 6, 6]; hardtanh_backward passes the gradient only strictly
    // inside (0, 6): [0, 0, 1, 0, 0].
    check(
        ReLU6.of(),
        new double[] {-1, 0, 3, 6, 7},
        new double[] {0, 0, 3, 6, 6},
        new double[] {0, 0, 1, 0, 0});
  }

  @Test
  void hardtanhClampsToItsBounds() {
    // Hardtanh(-2, 3): [-5, -2, 0.5, 3, 4] -> [-2, -2, 0.5, 3, 3], gradient [0, 0, 1, 0, 0].
    check(
        Hardtanh.of(-2, 3),
        new double[] {-5, -2, 0.5, 3, 4},
        new double[] {-2, -2, 0.5, 3, 3},
        new double[] {0, 0, 1, 0, 0});
  }

  @Test
  void leakyReluScalesNegativesAndZero() {
    // LeakyReLU(0.5): -2 -> -1, 0 -> 0, 3 -> 3; leaky_relu_backward tests x > 0, so the gradient
    // at 0 is 0.5 too: [0.5, 0.5, 1].
    check(
        LeakyReLU.of(0.5),
        new double[] {-2, 0, 3},
        new double[] {-1, 0, 3},
        new double[] {0.5, 0.5, 1});
  }

  @Test
  void preluWeightsEachChannel() {
    // PReLU(2), weights [0.5, 0.25], input [[[-2, 4], [-6, 1]]] (N=1, C=2, L=2):
    // y = [[-2*0.5, 4], [-6*0.25, 1]] = [[-1, 4], [-1.5, 1]];
    // with grad ones: grad_input = [[0.5, 1], [0.25, 1]];
    // grad_weight = [sum of x where x <= 0 in channel 0, same in channel 1] = [-2, -6].
    try (PReLU prelu = PReLU.of(new PreluSpec(2, 0.25, DType.FLOAT64), DeviceSpec.CPU)) {
      prelu.set("weight", Tensor.of(new int[] {2}, new double[] {0.5, 0.25}));
      Tensor x = Tensor.of(new int[] {1, 2, 2}, new double[] {-2, 4, -6, 1});
      assertThat(prelu.forward(x).toDoubleArray()).containsExactly(-1, 4, -1.5, 1);
      Gradients g = prelu.backward(x, Tensor.ones(DType.FLOAT64, 1, 2, 2));
      assertThat(g.gradInput().toDoubleArray()).containsExactly(0.5, 1, 0.25, 1);
      assertThat(g.grad("weight").toDoubleArray()).containsExactly(-2, -6);
    }
  }

  @Test
  void preluIsFilledWithInitInTheModulesDtype() {
    try (PReLU f64 = PReLU.of(new PreluSpec(3, 0.1, DType.FLOAT64), DeviceSpec.CPU);
        PReLU f32 = PReLU.of(new PreluSpec(3, 0.1, DType.FLOAT32), DeviceSpec.CPU);
        PReLU none = PReLU.of(new PreluSpec(0, 0.1, DType.FLOAT32), DeviceSpec.CPU)) {
      assertThat(f64.stateDict().keySet()).containsExactly("weight");
      assertThat(f64.get("weight").toDoubleArray()).containsExactly(0.1, 0.1, 0.1);
      assertThat(f32.get("weight").toDoubleArray())
          .containsExactly((float) 0.1, (float) 0.1, (float) 0.1);
      assertThat(none.get("weight").shape()).containsExactly(0);
    }
  }

  @Test
  void eluAtMinusLnTwo() {
    // ELU(2) at x = -ln 2: 2 * (exp(-ln 2) - 1) = 2 * (0.5 - 1) = -1; gradient 2 * exp(-ln 2) = 1.
    // At 0 the exponential branch is taken: 2 * (1 - 1) = 0 with gradient 2 * 1 = 2.
    checkClose(
        ELU.of(EluSpec.of(2).withDType(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {-Math.log(2), 0, 1.5},
        new double[] {-1, 0, 1.5},
        new double[] {1, 2, 1});
  }

  @Test
  void seluScalesBothBranches() {
    // SELU at 1: scale * 1; at 0: scale * alpha * (exp(0) - 1) = 0 with gradient scale * alpha;
    // at -ln 2: scale * alpha * (0.5 - 1), gradient scale * alpha * 0.5.
    double s = SeluSpec.SCALE;
    double a = SeluSpec.ALPHA;
    checkClose(
        SELU.of(new SeluSpec(false, DType.FLOAT64), DeviceSpec.CPU),
        new double[] {1, 0, -Math.log(2)},
        new double[] {s, 0, -0.5 * s * a},
        new double[] {s, s * a, 0.5 * s * a});
  }

  @Test
  void celuDividesTheInputByAlpha() {
    // CELU(2) at x = -2 ln 2: 2 * (exp(-ln 2) - 1) = -1; gradient exp(x / 2) = 0.5 (times
    // (1 / float(2)) * 2 = 1 exactly). At 3: 3, gradient 1.
    checkClose(
        CELU.of(CeluSpec.of(2).withDType(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {-2 * Math.log(2), 3},
        new double[] {-1, 3},
        new double[] {0.5, 1});
  }

  @Test
  void celuGradientUsesPyTorchsFloatRoundedAlpha() {
    // PyTorch's celu backward scales by 1 / float(0.7) = 1 / 0.699999988079071, so at x = 0 the
    // float64 gradient is 0.7 / 0.699999988079071 = 1.0000000170298988 (printed by PyTorch 1.13 for
    // nn.CELU(0.7) at 0 in float64), not 1.
    try (CELU celu = CELU.of(CeluSpec.of(0.7).withDType(DType.FLOAT64), DeviceSpec.CPU)) {
      Tensor x = Tensor.of(new int[] {1}, new double[] {0});
      double g = celu.backward(x, Tensor.ones(DType.FLOAT64, 1)).gradInput().getFlat(0);
      assertThat(g).isCloseTo(0.7 / (double) (float) 0.7, within(1e-15));
      assertThat(g).isCloseTo(1.0000000170298988, within(1e-15));
    }
  }

  @Test
  void tanhAtAtanhOneHalf() {
    // tanh(atanh(0.5)) = 0.5; gradient 1 - 0.5^2 = 0.75. tanh(0) = 0, gradient 1.
    checkClose(
        Tanh.of(new TanhSpec(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {0.5493061443340549, 0},
        new double[] {0.5, 0},
        new double[] {0.75, 1});
  }

  @Test
  void sigmoidAtZeroAndLnThree() {
    // sigmoid(0) = 0.5, gradient 0.5 * 0.5 = 0.25; sigmoid(ln 3) = 1 / (1 + 1/3) = 0.75, gradient
    // 0.75 * 0.25 = 0.1875.
    checkClose(
        Sigmoid.of(new SigmoidSpec(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {0, Math.log(3)},
        new double[] {0.5, 0.75},
        new double[] {0.25, 0.1875});
  }

  @Test
  void softsignAtThreeAndMinusOne() {
    // softsign(3) = 3 / 4, gradient 1 / (1 + 3)^2 = 1/16; softsign(-1) = -1/2, gradient 1/4;
    // softsign(0) = 0, gradient 1 (sgn(0) = 0 removes the second path).
    checkClose(
        Softsign.of(new SoftsignSpec(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {3, -1, 0},
        new double[] {0.75, -0.5, 0},
        new double[] {0.0625, 0.25, 1});
  }

  @Test
  void softplusDefaultAndWithArguments() {
    // Softplus(): at 0, log(1 + 1) = ln 2, gradient 1 / (1 + 1) = 0.5; at 21 (> threshold 20), 21
    // with gradient 1.
    checkClose(
        Softplus.of(SoftplusSpec.of().withDType(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {0, 21},
        new double[] {Math.log(2), 21},
        new double[] {0.5, 1});
    // Softplus(2, 3): at 2, t = 4 > 3, linear: 2, gradient 1; at 0, ln 2 / 2, gradient 0.5; at
    // 1.5, t = 3 is not above 3: log(1 + e^3) / 2, gradient e^3 / (e^3 + 1).
    double e3 = Math.exp(3);
    checkClose(
        Softplus.of(SoftplusSpec.of(2, 3).withDType(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {2, 0, 1.5},
        new double[] {2, Math.log(2) / 2, Math.log1p(e3) / 2},
        new double[] {1, 0.5, e3 / (e3 + 1)});
  }

  @Test
  void softplusWithBetaZeroIsInfiniteWithHalfGradient() {
    // beta 0: log(1 + exp(0)) / 0 = inf; softplus_backward: z = exp(0) = 1, grad * 1 / 2.
    check(
        Softplus.of(SoftplusSpec.of(0, 20).withDType(DType.FLOAT64), DeviceSpec.CPU),
        new double[] {1, -1},
        new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY},
        new double[] {0.5, 0.5});
  }

  // ------------------------------------------------------------------ NaN inputs

  /**
   * libtorch's hardtanh and elu backward kernels answer a NaN input differently in their scalar
   * loop (tail elements) and their vectorised loop (the first elements of a long tensor); the
   * modules give the scalar loop's answer, the reference's, at any position.
   */
  @ParameterizedTest
  @ValueSource(strings = {"ReLU6", "Hardtanh", "ELU", "SELU", "CELU", "LeakyReLU", "Softplus"})
  void nanInputGradientDoesNotDependOnPosition(String module) throws Exception {
    ModuleSpec spec = Layers.parse(module, JSON.readTree("{}"), List.of(), DType.FLOAT32);
    double[] values = new double[64];
    java.util.Arrays.fill(values, 0.5);
    values[0] = Double.NaN;
    values[63] = Double.NaN;
    Tensor x = Tensor.of(DType.FLOAT32, new int[] {64}, values);
    Tensor ones = Tensor.ones(DType.FLOAT32, 64);
    ReferenceModule reference = Layers.reference(spec);
    Double expected = reference.backward(Map.of(), x, ones).gradInput().getFlat(0);
    try (Module m = Layers.build(spec, DeviceSpec.CPU)) {
      Tensor g = m.backward(x, ones).gradInput();
      // Boxed: Double.equals holds NaN equal to NaN (Softplus's gradient at NaN is NaN).
      assertThat(Double.valueOf(g.getFlat(0))).as("vectorised position").isEqualTo(expected);
      assertThat(Double.valueOf(g.getFlat(63))).as("tail position").isEqualTo(expected);
      assertThat(m.forward(x).getFlat(0)).isNaN();
    }
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void hardtanhRefusesBoundsThatAreNotIncreasing() {
    assertThatThrownBy(() -> HardtanhSpec.of(1, 1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "max_val must be greater than min_val (PyTorch asserts max_val > min_val) but min_val"
                + " was 1.0 and max_val was 1.0");
    assertThatThrownBy(() -> HardtanhSpec.of(Double.NaN, 1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("min_val was nan");
    assertThat(HardtanhSpec.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY).extraRepr())
        .isEqualTo("min_val=-inf, max_val=inf");
  }

  @Test
  void preluRefusesNegativeCountsAndMismatchedChannels() {
    assertThatThrownBy(() -> PreluSpec.of(-1))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "num_parameters must be 0 or more (PyTorch: \"Trying to create tensor with negative"
                + " dimension\") but was -1");
    assertThatThrownBy(() -> PreluSpec.of(3).outputShape(new int[] {2, 4, 5}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "input channel size (dim 1; 1 for a rank-1 input) must equal num_parameters 3"
                + " (PyTorch: \"Mismatch of parameter numbers and input channel size\") but was 4"
                + " for shape [2, 4, 5]");
    assertThatThrownBy(() -> PreluSpec.of(3).outputShape(new int[] {3}))
        .hasMessageContaining("but was 1 for shape [3]");
    assertThatThrownBy(() -> PreluSpec.of(2).outputShape(new int[0]))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "input must have at least one dimension when num_parameters is 2 (PyTorch: \"Not"
                + " allow zero-dim input tensor.\") but its shape was []");
    assertThat(PreluSpec.of(1).outputShape(new int[0])).isEmpty();
    assertThat(PreluSpec.of(8).outputShape(new int[] {3, 8})).containsExactly(3, 8);
    try (PReLU prelu = PReLU.of(3)) {
      assertThatThrownBy(() -> prelu.forward(Tensor.zeros(DType.FLOAT32, 2, 4, 5)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("must equal num_parameters 3");
    }
  }

  @Test
  void celuRefusesAlphaZeroAtForward() {
    CeluSpec spec = CeluSpec.of(-0.0);
    assertThat(spec.repr()).isEqualTo("CELU(alpha=-0.0)");
    try (CELU celu = CELU.of(spec, DeviceSpec.CPU)) {
      assertThatThrownBy(() -> celu.forward(Tensor.zeros(DType.FLOAT32, 3)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "alpha must not be 0 for CELU (PyTorch's forward raises \"ZeroDivisionError: alpha"
                  + " cannot be 0 for CELU\") but was -0.0");
    }
  }

  @Test
  void parserRefusesUnknownKeywordsAndBoolCounts() {
    assertThatThrownBy(() -> parse("LeakyReLU", "{\"slope\": 0.1}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("LeakyReLU.__init__() got an unexpected keyword argument 'slope'");
    assertThatThrownBy(() -> parse("Tanh", "{\"inplace\": true}"))
        .hasMessage("Tanh.__init__() got an unexpected keyword argument 'inplace'");
    assertThatThrownBy(() -> parse("PReLU", "{\"num_parameters\": true}"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("num_parameters must be an int but was true");
    assertThatThrownBy(() -> parse("PReLU", "{\"num_parameters\": 2.5}"))
        .hasMessage("num_parameters must be an int but was 2.5");
    assertThatThrownBy(() -> parse("ELU", "{\"alpha\": \"big\"}"))
        .hasMessage("alpha must be a float but was \"big\"");
  }

  @Test
  void parserReadsDefaultsAndTheDeprecatedHardtanhKeywords() throws Exception {
    assertThat(parse("Hardtanh", "{\"min_value\": -0.5, \"max_value\": 2, \"min_val\": -9}"))
        .isEqualTo(new HardtanhSpec(-0.5, 2, false, DType.FLOAT32));
    assertThat(parse("Softplus", "{}")).isEqualTo(SoftplusSpec.of());
    assertThat(parse("LeakyReLU", "{}")).isEqualTo(LeakyReluSpec.of(0.01));
    assertThat(parse("PReLU", "{}")).isEqualTo(PreluSpec.of(1));
    for (ModuleSpec spec :
        List.of(
            new HardtanhSpec(-2.5, 3.25, true, DType.FLOAT32),
            new PreluSpec(3, -0.5, DType.FLOAT32),
            SoftplusSpec.of(0.5, 0.001),
            new CeluSpec(2, true, DType.FLOAT32),
            new LeakyReluSpec(Double.NaN, false, DType.FLOAT32))) {
      JsonNode args = JSON.valueToTree(spec.arguments());
      assertThat(Layers.parse(spec.typeName(), args, List.of(), DType.FLOAT32).repr())
          .isEqualTo(spec.repr());
    }
  }

  @Test
  void refusesIntegerDtypesAndInputsOfAnotherDtype() {
    assertThatThrownBy(() -> new TanhSpec(DType.INT64))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("dtype must be float32 or float64 but was int64");
    try (Sigmoid sigmoid = Sigmoid.of()) {
      assertThatThrownBy(() -> sigmoid.forward(Tensor.zeros(DType.FLOAT64, 2)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("input dtype must be float32");
    }
  }

  // ------------------------------------------------------------------ helpers

  private static ModuleSpec parse(String module, String args) throws Exception {
    return Layers.parse(module, JSON.readTree(args), List.of(), DType.FLOAT32);
  }

  /** Exact forward values and gradients (grad_output ones), float32 unless the module says. */
  private static void check(Module m, double[] x, double[] y, double[] grad) {
    try (m) {
      DType dtype = m.dtype();
      Tensor input = Tensor.of(dtype, new int[] {x.length}, x);
      assertThat(m.forward(input).toDoubleArray()).containsExactly(y);
      assertThat(m.backward(input, Tensor.ones(dtype, x.length)).gradInput().toDoubleArray())
          .containsExactly(grad);
    }
  }

  /** Forward values and gradients within 1e-12 (float64 modules). */
  private static void checkClose(Module m, double[] x, double[] y, double[] grad) {
    try (m) {
      Tensor input = Tensor.of(DType.FLOAT64, new int[] {x.length}, x);
      assertThat(m.forward(input).toDoubleArray()).containsExactly(y, within(1e-12));
      assertThat(
              m.backward(input, Tensor.ones(DType.FLOAT64, x.length)).gradInput().toDoubleArray())
          .containsExactly(grad, within(1e-12));
    }
  }
}
