package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;

/**
 * ConvSpec.toString() against reprs printed by PyTorch (src/test/resources/repr/generate_reprs.py).
 */
class ConvArgsReprTest {
  static List<JsonNode> reprs() throws IOException {
    JsonNode root =
        new ObjectMapper().readTree(Path.of("src/test/resources/repr/reprs.json").toFile());
    List<JsonNode> cases = new ArrayList<>();
    root.get("cases").forEach(cases::add);
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("reprs")
  void printsWhatPyTorchPrints(JsonNode c) {
    ConvSpec spec =
        ConvArgs.toSpec(
            ConvSpec.Kind.parse(c.get("module").asText()), c.get("args"), DType.FLOAT32);
    assertThat(spec).hasToString(c.get("repr").asText());
  }
}
