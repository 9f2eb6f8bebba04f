package org.torchparity.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Checks the formatter against text printed by real PyTorch 1.13: the cases in {@code
 * format/format-cases.json} come from {@code format/generate_format_cases.py}.
 */
class TorchFormatterTest {
  private static final String CASES = "/format/format-cases.json";

  static Stream<Arguments> pytorchCases() throws IOException {
    JsonNode root;
    try (InputStream in = TorchFormatterTest.class.getResourceAsStream(CASES)) {
      assertThat(in).as(CASES).isNotNull();
      root = new ObjectMapper().readTree(in);
    }
    List<Arguments> cases = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      cases.add(Arguments.of(c.get("name").asText(), c));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pytorchCases")
  void printsAsPyTorchDoes(String name, JsonNode c) {
    Tensor t = tensorOf(c);
    assertThat(TorchFormatter.tensor(t)).as(name).isEqualTo(c.get("repr").asText());
    assertThat(TorchFormatter.size(t.shape())).as(name).isEqualTo(c.get("size").asText());
    if (c.has("parameter")) {
      assertThat(TorchFormatter.parameter(t)).as(name).isEqualTo(c.get("parameter").asText());
    }
  }

  @Test
  void holdsEnoughPyTorchCases() throws IOException {
    assertThat(pytorchCases().count()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void printsTheNotebookOutputs() {
    assertThat(TorchFormatter.tensor(f32(new int[] {1, 1, 2}, 3, 5)))
        .isEqualTo("tensor([[[3., 5.]]])");
    assertThat(TorchFormatter.tensor(f32(new int[] {1, 1, 2}, 12, 16)))
        .isEqualTo("tensor([[[12., 16.]]])");
    assertThat(TorchFormatter.tensor(f32(new int[] {1, 2, 3}, 1, 2, 3, 4, 5, 6)))
        .isEqualTo("tensor([[[1., 2., 3.],\n         [4., 5., 6.]]])");
    assertThat(TorchFormatter.size(new int[] {1, 1, 2})).isEqualTo("torch.Size([1, 1, 2])");
    assertThat(TorchFormatter.size(new int[] {1})).isEqualTo("torch.Size([1])");
    assertThat(TorchFormatter.size(new int[] {})).isEqualTo("torch.Size([])");
    assertThat(TorchFormatter.parameter(f32(new int[] {1, 1, 2}, 1, 1)))
        .isEqualTo("Parameter containing:\ntensor([[[1., 1.]]], requires_grad=True)");
    assertThat(TorchFormatter.parameter(f32(new int[] {1}, 0)))
        .isEqualTo("Parameter containing:\ntensor([0.], requires_grad=True)");
  }

  @Test
  void printsFloat64WithItsDtype() {
    Tensor t = Tensor.of(DType.FLOAT64, new int[] {2}, new double[] {0.5, -1.25});
    assertThat(TorchFormatter.tensor(t))
        .isEqualTo("tensor([ 0.5000, -1.2500], dtype=torch.float64)");
    assertThat(TorchFormatter.tensor(Tensor.zeros(DType.FLOAT32, 0, 1, 4)))
        .isEqualTo("tensor([], size=(0, 1, 4))");
  }

  @Test
  void formatsNumbersAsPython() {
    assertThat(ElementFormatter.fixed(0.123456, 4)).isEqualTo("0.1235");
    assertThat(ElementFormatter.fixed(-0.00001, 4)).isEqualTo("-0.0000");
    assertThat(ElementFormatter.fixed(2.5, 0)).isEqualTo("2");
    assertThat(ElementFormatter.scientific(9.99996, 4)).isEqualTo("1.0000e+01");
    assertThat(ElementFormatter.scientific(1.0e-300, 4)).isEqualTo("1.0000e-300");
    assertThat(ElementFormatter.scientific(-0.0, 4)).isEqualTo("-0.0000e+00");
    assertThat(ElementFormatter.scientific(Double.NaN, 4)).isEqualTo("nan");
  }

  private static Tensor f32(int[] shape, double... values) {
    return Tensor.of(DType.FLOAT32, shape, values);
  }

  private static Tensor tensorOf(JsonNode c) {
    JsonNode shapeNode = c.get("shape");
    int[] shape = new int[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asInt();
    }
    JsonNode valueNode = c.get("values");
    double[] values = new double[valueNode.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = parsePythonFloat(valueNode.get(i).asText());
    }
    return Tensor.of(DType.parse(c.get("dtype").asText()), shape, values);
  }

  private static double parsePythonFloat(String text) {
    switch (text) {
      case "nan":
        return Double.NaN;
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(text);
    }
  }
}
