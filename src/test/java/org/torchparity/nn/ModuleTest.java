package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.io.StateDictException;
import org.torchparity.parity.Layers;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * The {@link Module} machinery against what PyTorch 1.13 shows for the same trees
 * (src/test/resources/modules/module_facts.json, written by generate_module_facts.py beside it):
 * repr, state-dict keys and shapes in order, named_modules, and load_state_dict's error text.
 */
class ModuleTest {
  private static final Path FACTS = Path.of("src/test/resources/modules/module_facts.json");

  static Stream<JsonNode> facts() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper().readTree(FACTS.toFile()).get("facts").forEach(out::add);
    return out.stream();
  }

  private static Module build(JsonNode tree) {
    List<JsonNode> children = new ArrayList<>();
    tree.path("children").forEach(children::add);
    return Layers.build(
        Layers.parse(tree.get("module").asText(), tree.get("args"), children, DType.FLOAT32),
        DeviceSpec.CPU);
  }

  @ParameterizedTest
  @MethodSource("facts")
  void reprStateDictAndNamedModulesAreWhatPyTorchShows(JsonNode fact) {
    try (Module model = build(fact.get("tree"))) {
      assertThat(model.toString()).isEqualTo(fact.get("repr").asText());
      List<String> keys = new ArrayList<>();
      fact.get("state_dict").forEach(e -> keys.add(e.get(0).asText()));
      Map<String, Tensor> state = model.stateDict();
      assertThat(state.keySet()).containsExactlyElementsOf(keys);
      fact.get("state_dict")
          .forEach(
              e -> assertThat(state.get(e.get(0).asText()).shape()).isEqualTo(shape(e.get(1))));
      List<String> names = new ArrayList<>();
      fact.get("named_modules").forEach(n -> names.add(n.asText()));
      assertThat(model.namedModules().keySet()).containsExactlyElementsOf(names);
    }
  }

  @ParameterizedTest
  @MethodSource("facts")
  void aBadStateDictIsRefusedInPyTorchsWordsAndNothingIsInstalled(JsonNode fact) {
    if (fact.get("load_error").isNull()) {
      return; // a module without state: PyTorch's load of {} succeeds, and so does ours
    }
    try (Module model = build(fact.get("tree"))) {
      Map<String, Tensor> before = model.stateDict();
      Map<String, Tensor> bad = new LinkedHashMap<>();
      fact.get("bad_state")
          .forEach(e -> bad.put(e.get(0).asText(), Tensor.zeros(DType.FLOAT32, shape(e.get(1)))));
      assertThatThrownBy(() -> model.loadStateDict(bad))
          .isInstanceOf(StateDictException.class)
          .hasMessage("state dict: " + fact.get("load_error").asText());
      assertThat(model.stateDict()).isEqualTo(before);
    }
  }

  @Test
  void modesPropagateAndAStateDictRoundTripsThroughATree() {
    try (Sequential a = Sequential.of(Conv1d.of(1, 2, 3), ReLU.of(), Conv1d.of(2, 1, 1));
        Sequential b = Sequential.of(Conv1d.of(1, 2, 3), ReLU.of(), Conv1d.of(2, 1, 1))) {
      assertThat(a.isTraining()).isTrue();
      a.eval();
      assertThat(a.namedModules().values()).allMatch(m -> !m.isTraining());
      b.loadStateDict(a.stateDict());
      assertThat(b.stateDict()).isEqualTo(a.stateDict());
      assertThat(b.parameters()).hasSize(4);
    }
  }

  @Test
  void sequentialRunsItsChildrenInOrderWithHandComputedValues() {
    // Conv1d(1, 1, 2) with weight [1, 1], bias -4 on [1, 2, 3] gives [1+2-4, 2+3-4] = [-1, 1];
    // ReLU gives [0, 1]. Backward with grad_output [1, 1]: ReLU passes [0, 1] (input -1 <= 0);
    // grad_input = [0*1, 0*1 + 1*1, 1*1] = [0, 1, 1]; grad_weight = [0*1 + 1*2, 0*2 + 1*3] = [2,
    // 3];
    // grad_bias = 0 + 1 = 1.
    try (Conv1d conv = Conv1d.of(1, 1, 2);
        Sequential model = Sequential.of(conv, ReLU.of())) {
      conv.setWeight(1, 1);
      conv.setBias(-4);
      Tensor x = Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, 3});
      assertThat(model.forward(x).toFloatArray()).containsExactly(0, 1);
      var g = model.backward(x, Tensor.full(new int[] {1, 1, 2}, 1));
      assertThat(g.gradInput().toFloatArray()).containsExactly(0, 1, 1);
      assertThat(g.grad("0.weight").toFloatArray()).containsExactly(2, 3);
      assertThat(g.grad("0.bias").toFloatArray()).containsExactly(1);
      assertThat(g.grads().keySet()).containsExactly("0.weight", "0.bias");
    }
  }

  @Test
  void setAndGetWorkByStateDictKey() {
    try (Sequential model = Sequential.of(Conv1d.of(1, 1, 2), ReLU.of())) {
      model.set("0.bias", Tensor.of(new int[] {1}, new float[] {0.5f}));
      assertThat(model.get("0.bias").toFloatArray()).containsExactly(0.5f);
      assertThatThrownBy(() -> model.set("1.weight", Tensor.zeros(DType.FLOAT32, 1)))
          .hasMessageStartingWith("Sequential has no parameter or buffer '1.weight'");
    }
  }

  private static int[] shape(JsonNode dims) {
    int[] out = new int[dims.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = dims.get(i).asInt();
    }
    return out;
  }
}
