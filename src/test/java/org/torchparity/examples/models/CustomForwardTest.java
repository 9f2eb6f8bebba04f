package org.torchparity.examples.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.torchparity.djl.ScriptedModel;
import org.torchparity.io.StateDictFile;
import org.torchparity.nn.Module;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Tolerance;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * The custom-forward examples against PyTorch 1.13 ({@code parity-tests/custom_forward.py}): each
 * model is built in Java after the same seed as in Python, its parameters compared bit for bit with
 * PyTorch's, its state dict loaded (PyTorch's randomised BatchNorm buffers included), and its
 * output, input gradient, every parameter gradient and, in training mode, the buffers after the
 * call compared within {@code torch.testing.assert_close}'s float32 tolerance.
 */
class CustomForwardTest {

  private static Map<String, Tensor> fixture(String name) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    StateDictFile.read(Path.of("src/test/resources/custom-forward/" + name + ".safetensors"))
        .forEach((key, entry) -> out.put(key, entry.values()));
    return out;
  }

  private static Supplier<Module> model(String kind) {
    return switch (kind) {
      case "residual" -> () -> ResidualBlock.of(4);
      case "unet" -> TinyUNet::of;
      case "textcnn" -> TextCnn::of;
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static void assertClose(String what, Tensor actual, Tensor expected) {
    Comparison c = Comparison.of(actual, expected, Tolerance.FLOAT32);
    assertThat(c.passed()).as(what + ": " + c.describe()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "residual_block, residual, 11, false",
    "residual_block_train, residual, 11, true",
    "tiny_unet, unet, 12, false",
    "text_cnn, textcnn, 13, false"
  })
  void reproducesPyTorch(String fixtureName, String kind, long seed, boolean training) {
    Map<String, Tensor> f = fixture(fixtureName);
    try (Module m = Module.manualSeed(seed, model(kind))) {
      // Seeded construction draws PyTorch's parameters bit for bit (the buffers were randomised
      // in Python after construction, so only the parameters are compared).
      m.namedParameters()
          .forEach(
              (key, value) ->
                  assertThat(value.toDoubleArray())
                      .as("seeded " + key)
                      .containsExactly(f.get(key).toDoubleArray()));
      Map<String, Tensor> state = new LinkedHashMap<>();
      m.stateDict().keySet().forEach(key -> state.put(key, f.get(key)));
      m.loadStateDict(state);
      m.train(training);

      Gradients g = m.backward(f.get("input"), f.get("grad_output"));
      if (f.containsKey("grad_input")) {
        assertClose("grad_input", g.gradInput(), f.get("grad_input"));
      } else {
        assertThat(g.gradInput()).as("token ids have no gradient").isNull();
      }
      m.namedParameters()
          .keySet()
          .forEach(key -> assertClose("grad " + key, g.grad(key), f.get("grad." + key)));

      Tensor y = m.forward(f.get("input"));
      assertClose("output", y, f.get("output"));
      if (!training) {
        // The same model compiled to one TorchScript graph through its ScriptedForward.
        try (ScriptedModel scripted = ScriptedModel.of(m)) {
          assertClose("scripted output", scripted.forward(f.get("input")), f.get("output"));
        }
      }
      if (training) {
        // One forward updated the running statistics, as PyTorch's one forward did; the backward
        // call before it left them alone.
        m.namedBuffers()
            .forEach((key, value) -> assertClose("after " + key, value, f.get("after." + key)));
      }
    }
  }
}
