package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.parity.Layers;
import org.torchparity.reference.ReferenceGelu;
import org.torchparity.reference.ReferenceHardsigmoid;
import org.torchparity.reference.ReferenceHardswish;
import org.torchparity.reference.ReferenceLogSoftmax;
import org.torchparity.reference.ReferenceMish;
import org.torchparity.reference.ReferenceSilu;
import org.torchparity.reference.ReferenceSoftmax;
import org.torchparity.spec.DType;
import org.torchparity.spec.GeluSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.HardsigmoidSpec;
import org.torchparity.spec.HardswishSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LogSoftmaxSpec;
import org.torchparity.spec.MishSpec;
import org.torchparity.spec.SiluSpec;
import org.torchparity.spec.SoftmaxDims;
import org.torchparity.spec.SoftmaxSpec;
import org.torchparity.spec.Tensor;

/**
 * The smooth gates and the softmaxes: reprs as PyTorch prints them, one hand-computed value and
 * gradient per module on the engine and the reference, the refusals, and the engine behaviours
 * docs/modules/activations-gate.md documents.
 */
class ActivationGateTest {
  private static final double LN3 = Math.log(3);

  /**
   * Printed by PyTorch 1.13 ({@code print(nn.GELU(approximate='tanh'))}, ...): SiLU and Mish show
   * {@code inplace=True}, Hardswish and Hardsigmoid have no {@code extra_repr}, a string is shown
   * with Python's {@code repr}.
   */
  @Test
  void reprsAreTheOnesPyTorchPrints() {
    assertThat(GeluSpec.of().repr()).isEqualTo("GELU(approximate='none')");
    assertThat(new GeluSpec("tanh", DType.FLOAT64).repr()).isEqualTo("GELU(approximate='tanh')");
    assertThat(new GeluSpec("it's", DType.FLOAT32).repr()).isEqualTo("GELU(approximate=\"it's\")");
    assertThat(new GeluSpec("a\\b\n", DType.FLOAT32).repr())
        .isEqualTo("GELU(approximate='a\\\\b\\n')");
    assertThat(new GeluSpec("\"q\"", DType.FLOAT32).repr()).isEqualTo("GELU(approximate='\"q\"')");
    assertThat(SiluSpec.of().repr()).isEqualTo("SiLU()");
    assertThat(new SiluSpec(true, DType.FLOAT32).repr()).isEqualTo("SiLU(inplace=True)");
    assertThat(MishSpec.of().repr()).isEqualTo("Mish()");
    assertThat(new MishSpec(true, DType.FLOAT64).repr()).isEqualTo("Mish(inplace=True)");
    assertThat(new HardswishSpec(true, DType.FLOAT32).repr()).isEqualTo("Hardswish()");
    assertThat(new HardsigmoidSpec(true, DType.FLOAT32).repr()).isEqualTo("Hardsigmoid()");
    assertThat(SoftmaxSpec.of(null).repr()).isEqualTo("Softmax(dim=None)");
    assertThat(SoftmaxSpec.of(1).repr()).isEqualTo("Softmax(dim=1)");
    assertThat(SoftmaxSpec.of(-1).repr()).isEqualTo("Softmax(dim=-1)");
    assertThat(LogSoftmaxSpec.of(null).repr()).isEqualTo("LogSoftmax(dim=None)");
    assertThat(LogSoftmaxSpec.of(0).repr()).isEqualTo("LogSoftmax(dim=0)");
    try (GELU gelu = GELU.of("tanh");
        Softmax softmax = Softmax.of(2)) {
      assertThat(gelu.toString()).isEqualTo("GELU(approximate='tanh')");
      assertThat(softmax.toString()).isEqualTo("Softmax(dim=2)");
      assertThat(gelu.stateDict()).isEmpty();
    }
    // PyTorch's warning for dim=None, as _get_softmax_dim words it.
    assertThat(SoftmaxDims.implicitWarning("softmax"))
        .isEqualTo(
            "Implicit dimension choice for softmax has been deprecated. Change the call to include"
                + " dim=X as an argument.");
  }

  @Test
  void geluHandComputed() {
    // x = 0: y = 0 * Phi(0) = 0 and dy/dx = Phi(0) + 0 * pdf(0) = 0.5 (both forms: tanh(0) = 0).
    // x = 1, 'none': y = Phi(1) = 0.5 * (1 + erf(1 / sqrt 2)) = 0.8413447460685429 (the standard
    // normal CDF at 1, a table value), dy/dx = Phi(1) + exp(-1/2) / sqrt(2 pi) = 0.8413447460685429
    // + 0.24197072451914337 = 1.0833154705876864.
    // x = 1, 'tanh': inner = sqrt(2/pi) * (1 + 0.044715) = 0.7978845608028654 * 1.044715 =
    // 0.8335624 (to 7 places), y = 0.5 * (1 + tanh(inner)) = 0.8411920 (to 7 places).
    double[] x = {0, 1};
    double[] none = {0, 0.8413447460685429};
    double[] noneGrad = {0.5, 1.0833154705876864};
    assertPointwise(
        GeluSpec.of().withDType(DType.FLOAT64),
        new ReferenceGelu(DType.FLOAT64, false),
        x,
        none,
        noneGrad,
        1e-12);
    double inner = Math.sqrt(2 / Math.PI) * 1.044715;
    double t = Math.tanh(inner);
    double tanhGrad =
        0.5 * (1 + t) + 0.5 * (1 - t * t) * Math.sqrt(2 / Math.PI) * (1 + 3 * 0.044715);
    assertThat(0.5 * (1 + t)).isCloseTo(0.8411920, within(1e-7));
    assertPointwise(
        new GeluSpec("tanh", DType.FLOAT64),
        new ReferenceGelu(DType.FLOAT64, true),
        x,
        new double[] {0, 0.5 * (1 + t)},
        new double[] {0.5, tanhGrad},
        1e-12);
  }

  @Test
  void siluAndMishHandComputed() {
    // SiLU at ln 3: sigmoid(ln 3) = 1 / (1 + 1/3) = 3/4, y = (3/4) ln 3, dy/dx = s (1 + x (1 - s))
    // = (3/4) (1 + (ln 3) / 4). At 0: y = 0, dy/dx = 1/2.
    double[] x = {0, LN3};
    assertPointwise(
        new SiluSpec(false, DType.FLOAT64),
        new ReferenceSilu(),
        x,
        new double[] {0, 0.75 * LN3},
        new double[] {0.5, 0.75 * (1 + LN3 / 4)},
        1e-12);
    // Mish at ln 3: softplus(ln 3) = ln(1 + 3) = ln 4, tanh(ln 4) = (16 - 1) / (16 + 1) = 15/17, y
    // =
    // (15/17) ln 3; dy/dx = t + x s (1 - t^2) = 15/17 + ln 3 * (3/4) * (1 - 225/289) = 15/17 + ln 3
    // * (3/4) * (64/289). At 0: softplus = ln 2, tanh(ln 2) = 3/5, y = 0, dy/dx = 3/5.
    assertPointwise(
        new MishSpec(false, DType.FLOAT64),
        new ReferenceMish(),
        x,
        new double[] {0, 15.0 / 17 * LN3},
        new double[] {0.6, 15.0 / 17 + LN3 * 0.75 * 64 / 289},
        1e-12);
  }

  @Test
  void hardGatesHandComputedAtAndAroundTheirKinks() {
    // Hardswish x * relu6(x + 3) / 6: at 1, 1 * 4 / 6 = 2/3 with slope 1/3 + 1/2 = 5/6; at -3, -3
    // * 0 / 6 = -0 with slope -3/3 + 1/2 = -1/2 (the middle branch includes -3); at 3, 3 * 6 / 6 =
    // 3 with slope 3/3 + 1/2 = 3/2 (libtorch 2.7.1's kernel: the middle branch includes 3); at
    // -4, 0 with slope 0; at 4, 4 with slope 1.
    double[] x = {1, -3, 3, -4, 4};
    assertPointwise(
        new HardswishSpec(false, DType.FLOAT64),
        new ReferenceHardswish(DType.FLOAT64),
        x,
        new double[] {2.0 / 3, 0, 3, 0, 4},
        new double[] {5.0 / 6, -0.5, 1.5, 0, 1},
        1e-15);
    // Hardsigmoid relu6(x + 3) / 6: at 1, 4/6 with slope PyTorch's float32 1.0f/6.0f (in float64
    // too); at +-3 (and beyond) the slope is 0: the kernel's window is open.
    double oneSixth = 1.0f / 6.0f;
    assertThat(oneSixth).isEqualTo(0.1666666716337204);
    assertPointwise(
        new HardsigmoidSpec(false, DType.FLOAT64),
        new ReferenceHardsigmoid(),
        x,
        new double[] {2.0 / 3, 0, 1, 0, 1},
        new double[] {oneSixth, 0, 0, 0, 0},
        0);
  }

  @Test
  void softmaxHandComputedWithTheImplicitDim() {
    // [0, ln 3] along its dimension: exp = [1, 3], sum 4: softmax [1/4, 3/4], log-softmax [ln
    // 1/4, ln 3/4]. Backward with grad [1, 0]: softmax y * (g - sum g y) = [1/4 (1 - 1/4), 3/4 (0
    // - 1/4)] = [3/16, -3/16]; log-softmax g - exp(y) sum g = [1 - 1/4, 0 - 3/4].
    // On a [2, 1, 1] input, dim=None picks dim 0 (rank 3), so the pair is normalised together; dim
    // 1 (size 1) would give [1, 1].
    Tensor x = Tensor.of(DType.FLOAT64, new int[] {2, 1, 1}, new double[] {0, LN3});
    Tensor g = Tensor.of(DType.FLOAT64, new int[] {2, 1, 1}, new double[] {1, 0});
    SoftmaxSpec softmax = new SoftmaxSpec(null, DType.FLOAT64);
    LogSoftmaxSpec logSoftmax = new LogSoftmaxSpec(null, DType.FLOAT64);
    assertThat(softmax.resolvedDim(3)).isZero();
    assertThat(softmax.resolvedDim(2)).isOne();
    assertThat(softmax.resolvedDim(4)).isOne();
    assertThat(softmax.resolvedDim(0)).isZero();
    try (Softmax s = Softmax.of(softmax, DeviceSpec.CPU);
        LogSoftmax l = LogSoftmax.of(logSoftmax, DeviceSpec.CPU)) {
      assertClose(s.forward(x), new double[] {0.25, 0.75}, 1e-15);
      assertClose(s.backward(x, g).gradInput(), new double[] {3.0 / 16, -3.0 / 16}, 1e-15);
      assertClose(l.forward(x), new double[] {Math.log(0.25), Math.log(0.75)}, 1e-15);
      assertClose(l.backward(x, g).gradInput(), new double[] {0.75, -0.75}, 1e-15);
    }
    assertClose(new ReferenceSoftmax(null).forward(null, x), new double[] {0.25, 0.75}, 1e-15);
    assertClose(
        new ReferenceSoftmax(null).backward(null, x, g).gradInput(),
        new double[] {3.0 / 16, -3.0 / 16},
        1e-15);
    assertClose(
        new ReferenceLogSoftmax(null).forward(null, x),
        new double[] {Math.log(0.25), Math.log(0.75)},
        1e-15);
    assertClose(
        new ReferenceLogSoftmax(null).backward(null, x, g).gradInput(),
        new double[] {0.75, -0.75},
        1e-15);
  }

  @Test
  void refusalsNameTheArgumentTheExpectedAndTheActualValue() {
    assertThatThrownBy(() -> new GeluSpec("Tanh", DType.FLOAT32).outputShape(new int[] {2, 3}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("approximate argument must be either none or tanh but was 'Tanh'")
        .extracting(e -> ((InvalidArgumentException) e).argument())
        .isEqualTo("approximate");
    try (GELU bad = GELU.of("exact")) { // PyTorch builds it too, and refuses it when called
      assertThatThrownBy(() -> bad.forward(Tensor.zeros(DType.FLOAT32, 2)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("but was 'exact'");
    }
    assertThatThrownBy(() -> SoftmaxSpec.of(2).outputShape(new int[] {3, 4}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "dim must be in the range [-2, 1] for an input of 2 dimensions but was 2 (PyTorch:"
                + " Dimension out of range)");
    assertThatThrownBy(() -> LogSoftmaxSpec.of(1).outputShape(new int[] {}))
        .hasMessageStartingWith("dim must be in the range [-1, 0] for an input of 0 dimensions");
    assertThat(LogSoftmaxSpec.of(-1).outputShape(new int[] {})).isEmpty();
    assertThatThrownBy(() -> new SiluSpec(false, DType.INT64))
        .hasMessage("dtype must be float32 or float64 but was int64");
    assertThatThrownBy(() -> new GeluSpec(null, DType.FLOAT32))
        .hasMessage("approximate must not be null");
    assertThatThrownBy(() -> parse("Softmax", "{\"dim\": true}"))
        .hasMessage("dim must be an int or None but was true");
    assertThatThrownBy(() -> parse("LogSoftmax", "{\"dim\": 1.5}"))
        .hasMessage("dim must be an int but was 1.5");
    assertThatThrownBy(() -> parse("Hardswish", "{\"approximate\": \"tanh\"}"))
        .hasMessage("Hardswish.__init__() got an unexpected keyword argument 'approximate'");
    assertThatThrownBy(() -> parse("GELU", "{\"approximate\": 1}"))
        .hasMessage("approximate must be a string but was 1");
    assertThat(parse("Softmax", "{\"dim\": null}")).isEqualTo(SoftmaxSpec.of(null));
    assertThat(parse("Softmax", "{}")).isEqualTo(SoftmaxSpec.of(null));
    assertThat(parse("GELU", "{}")).isEqualTo(GeluSpec.of());
  }

  /**
   * libtorch 2.7.1's float32 {@code gelu} (on tensors of two or more elements) gives NaN for +inf
   * and inf above {@code Float.MAX_VALUE / 2}; PyTorch 1.13 gave inf and the input. The engine runs
   * libtorch's kernel and the reference follows it (docs/modules/activations-gate.md).
   */
  @Test
  void float32GeluFollowsLibtorch271AtTheTopOfTheRange() {
    float big = 2e38f; // above Float.MAX_VALUE / 2 = 1.7014117e38
    Tensor x =
        Tensor.of(new int[] {4}, new float[] {Float.POSITIVE_INFINITY, big, 1.7e38f, -1e38f});
    try (GELU gelu = GELU.of()) {
      double[] y = gelu.forward(x).toDoubleArray();
      double[] r = new ReferenceGelu(DType.FLOAT32, false).forward(null, x).toDoubleArray();
      for (double[] out : List.of(y, r)) {
        assertThat(out[0]).isNaN();
        assertThat(out[1]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(out[2]).isEqualTo((double) 1.7e38f);
        assertThat(out[3]).isZero();
      }
    }
  }

  /**
   * The hard gates' written-out backward and libtorch's autograd of their forward (the route a
   * user's own module takes when it calls them inside its {@code compute}) agree away from the
   * kinks, to 3e-8 relative for Hardsigmoid (autograd divides by 6 where PyTorch multiplies by the
   * float32 {@code 1.0f / 6.0f}, 1/6 * (1 + 3e-8)); at the kinks only the written-out backward is
   * PyTorch's.
   */
  @Test
  void hardGatesAutogradOfTheForwardAgreesAwayFromTheKinks() {
    double[] values = {-5, -3.5, -2.5, -1, -0.25, 0.5, 2, 2.75, 3.5, 6};
    double[] grads = {0.5, -1, 2, 1, 1, -3, 0.25, 1, 2, -1};
    try (NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU);
        Hardswish swish = Hardswish.of(new HardswishSpec(false, DType.FLOAT64), DeviceSpec.CPU);
        Hardsigmoid sigmoid =
            Hardsigmoid.of(new HardsigmoidSpec(false, DType.FLOAT64), DeviceSpec.CPU)) {
      NDArray x = manager.create(values);
      NDArray g = manager.create(grads);
      for (Module m : List.of(swish, sigmoid)) {
        double[] written = m.computeBackward(x, g).input().toDoubleArray();
        double[] autograd = Autograd.backward(m, x, g).input().toDoubleArray();
        assertThat(autograd).as(m.toString()).containsExactly(written, within(1e-7));
      }
    }
  }

  private static org.torchparity.spec.ModuleSpec parse(String module, String args) {
    try {
      return Layers.parse(module, new ObjectMapper().readTree(args), List.of(), DType.FLOAT32);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Engine and reference forward and backward (grad_output ones) against hand-computed values. */
  private static void assertPointwise(
      org.torchparity.spec.ModuleSpec spec,
      org.torchparity.reference.ReferenceModule reference,
      double[] x,
      double[] y,
      double[] dydx,
      double tolerance) {
    Tensor input = Tensor.of(DType.FLOAT64, new int[] {x.length}, x);
    Tensor ones = Tensor.full(new int[] {x.length}, 1, DType.FLOAT64);
    try (Module m = Layers.build(spec, DeviceSpec.CPU)) {
      assertClose(m.forward(input), y, tolerance);
      assertClose(m.backward(input, ones).gradInput(), dydx, tolerance);
    }
    assertClose(reference.forward(null, input), y, tolerance);
    Gradients g = reference.backward(null, input, ones);
    assertClose(g.gradInput(), dydx, tolerance);
  }

  private static void assertClose(Tensor actual, double[] expected, double tolerance) {
    assertThat(actual.toDoubleArray()).containsExactly(expected, within(tolerance));
  }
}
