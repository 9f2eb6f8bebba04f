package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Padding;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

class CaseReaderTest {
  /** The notebook's second cell as a case, written by hand: weights 1, bias 0 -> [[[12, 16]]]. */
  static final String NOTEBOOK =
      """
      {"format": "torch-parity-case/1", "name": "hand", "module": "Conv1d",
       "args": {"in_channels": 2, "out_channels": 1, "kernel_size": 2},
       "dtype": "float32",
       "input": {"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]},
       "weight": {"shape": [1, 2, 2], "data": [1, 1, 1, 1]},
       "bias": {"shape": [1], "data": [0]},
       "output": {"shape": [1, 1, 2], "data": [12, 16]}}
      """;

  /**
   * The notebook case in format 2, with a backward pass, written by hand. Weights 1, bias 0,
   * grad_output [[[1, 1]]]: output[t] = x0[t] + x0[t+1] + x1[t] + x1[t+1] -> [1+2+4+5, 2+3+5+6] =
   * [12, 16]; grad_input[c][j] sums the weights that touch x[c][j] -> [1, 2, 1] per channel;
   * grad_weight[0][c][k] = x[c][k] + x[c][k+1] -> [[1+2, 2+3], [4+5, 5+6]] = [[3, 5], [9, 11]];
   * grad_bias = 1 + 1 = 2.
   */
  static final String FORMAT_2 =
      """
      {"format": "torch-parity-case/2", "name": "hand2", "module": "Conv1d",
       "args": {"in_channels": 2, "out_channels": 1, "kernel_size": 2},
       "dtype": "float32", "training": false, "forward_seed": 7,
       "state": {"weight": {"shape": [1, 2, 2], "data": [1, 1, 1, 1]},
                 "bias": {"shape": [1], "data": [0]}},
       "inputs": [{"shape": [1, 2, 3], "data": [1, 2, 3, 4, 5, 6]}],
       "outputs": [{"shape": [1, 1, 2], "data": [12, 16]}],
       "grad_outputs": [{"shape": [1, 1, 2], "data": [1, 1]}],
       "grad_inputs": [{"shape": [1, 2, 3], "data": [1, 2, 1, 1, 2, 1]}],
       "grads": {"weight": {"shape": [1, 2, 2], "data": [3, 5, 9, 11]},
                 "bias": {"shape": [1], "data": [2]}}}
      """;

  /**
   * Replaces {@code from} in {@code text}, failing when it is not there, so that no malformed input
   * silently stays well-formed.
   */
  static String edit(String text, String from, String to) {
    if (!text.contains(from)) {
      throw new IllegalStateException("the test input lacks " + from);
    }
    return text.replace(from, to);
  }

  static ParityCase read(String json) throws IOException {
    return new CaseReader()
        .read("test.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsAMinimalCaseWithDefaults() throws IOException {
    ParityCase c = read(NOTEBOOK);
    assertThat(c.name()).isEqualTo("hand");
    assertThat(c.module()).isEqualTo("Conv1d");
    assertThat(c.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(c.output().toDoubleArray()).containsExactly(12, 16);
    assertThat(c.initSeed()).isNull();
    assertThat(c.error()).isNull();
    assertThat(c.gradOutput()).isNull();
    assertThat(c.convSpec()).isEqualTo(ConvSpec.conv1d(2, 1, 2).build());
  }

  @Test
  void acceptsOneElementListsStringsForNonFiniteValuesAndAnyKeyOrder() throws IOException {
    ParityCase c =
        read(
            """
            {"output": {"data": [1, "nan", "inf", "-inf"], "shape": [1, 4]},
             "dtype": "float64", "module": "Conv1d", "name": "lists",
             "args": {"padding_mode": "reflect", "padding": [1], "kernel_size": [3],
                      "out_channels": 1, "in_channels": [1], "stride": [1], "bias": false},
             "bias": null, "weight": {"shape": [1, 1, 3], "data": [0, 1, 0]},
             "input": {"shape": [1, 4], "data": [-0.0, 1e-320, 3, 4]},
             "format": "torch-parity-case/1", "seed": null, "error": null}
            """);
    assertThat(c.convSpec())
        .isEqualTo(
            ConvSpec.conv1d(1, 1, 3)
                .padding(Padding.of(1))
                .paddingMode(PaddingMode.REFLECT)
                .bias(false)
                .dtype(DType.FLOAT64)
                .build());
    assertThat(c.output().getFlat(1)).isNaN();
    assertThat(c.output().getFlat(2)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Double.doubleToRawLongBits(c.input().getFlat(0))).isEqualTo(Long.MIN_VALUE);
    assertThat(c.input().getFlat(1)).isEqualTo(1e-320);
    assertThat(c.bias()).isNull();
  }

  @Test
  void readsErrorAndSeedCases() throws IOException {
    ParityCase error =
        read(
            """
            {"format": "torch-parity-case/1", "name": "e", "module": "Conv1d",
             "args": {"in_channels": 3, "out_channels": 2, "kernel_size": 2, "groups": 2},
             "dtype": "float32", "error": "ValueError: in_channels must be divisible by groups"}
            """);
    assertThat(error.isErrorCase()).isTrue();
    assertThatThrownBy(error::convSpec).isInstanceOf(InvalidArgumentException.class);
    ParityCase seed =
        read(
            """
            {"format": "torch-parity-case/1", "name": "s", "module": "ConvTranspose1d",
             "args": {"in_channels": 1, "out_channels": 1, "kernel_size": 1}, "dtype": "float32",
             "seed": 42, "weight": {"shape": [1, 1, 1], "data": [0.5]},
             "bias": {"shape": [1], "data": [-0.25]}}
            """);
    assertThat(seed.initSeed()).isEqualTo(42L);
    assertThat(seed.input()).isNull();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("[]", "test.json: the file must hold one JSON object"),
        Arguments.of("{", "test.json: not valid JSON: Unexpected end-of-input"),
        Arguments.of(
            edit(NOTEBOOK, "torch-parity-case/1", "torch-parity-case/3"),
            "test.json: format: expected \"torch-parity-case/2\" or \"torch-parity-case/1\" but"
                + " found \"torch-parity-case/3\""),
        Arguments.of(
            edit(NOTEBOOK, "torch-parity-case/1", "torch-parity-case/2"),
            "test.json: weight: is not a key of torch-parity-case/2 (format 1 only)"),
        Arguments.of(
            edit(NOTEBOOK, "\"Conv1d\"", "5"),
            "test.json: module: expected a string or null but found 5"),
        Arguments.of(
            edit(NOTEBOOK, "\"float32\"", "\"float16\""),
            "test.json: dtype: dtype must be float32, float64, int64 or bool but was 'float16'"
                + " (not supported yet)"),
        Arguments.of(
            edit(NOTEBOOK, "[1, 2, 3, 4, 5, 6]", "[1, 2, 3, true, 5, 6]"),
            "test.json: input.data[3]: write bool values as 0 and 1"),
        Arguments.of(
            edit(NOTEBOOK, "[1, 2, 3, 4, 5, 6]", "[1, 2, 3, 4, 5]"),
            "test.json: input.data: holds 5 values but shape [1, 2, 3] needs 6"),
        Arguments.of(
            edit(NOTEBOOK, "[1, 2, 3, 4, 5, 6]", "[1, 2, 3, 4, 5, 6, 7]"),
            "test.json: input.data: holds more than the 6 values shape [1, 2, 3] declares"),
        Arguments.of(
            edit(NOTEBOOK, "\"shape\": [1, 2, 3]", "\"shape\": [100000, 100000, 3]"),
            "test.json: input.shape: declares more than the limit of 16777216 elements"),
        Arguments.of(
            edit(NOTEBOOK, "\"shape\": [1, 2, 3]", "\"shape\": [1, -2, 3]"),
            "test.json: input.shape[1]: expected a non-negative integer but found -2"),
        Arguments.of(
            edit(NOTEBOOK, "[1, 2, 3, 4, 5, 6]", "[1, 2, 3, 4, 5, 1e999]"),
            "test.json: input.data[5]: number 1e999 is out of range; write \"inf\" or \"-inf\""),
        Arguments.of(
            edit(NOTEBOOK, "\"name\": \"hand\"", "\"name\": \"hand\", \"name\": \"again\""),
            "test.json: not valid JSON: Duplicate field 'name'"),
        Arguments.of(
            edit(NOTEBOOK, "\"name\": \"hand\",", "\"nmae\": \"hand\","),
            "test.json: nmae: unknown key (the format has format, name, source,"),
        Arguments.of(edit(NOTEBOOK, "\"name\": \"hand\",", ""), "test.json: name: is missing"),
        Arguments.of(
            edit(
                NOTEBOOK,
                "\"output\": {\"shape\": [1, 1, 2], \"data\": [12, 16]}",
                "\"seed\": null"),
            "test.json: output: is missing: a forward case needs PyTorch's output"),
        Arguments.of(
            edit(NOTEBOOK, "\"bias\": {\"shape\": [1], \"data\": [0]},", ""),
            "test.json: bias: is missing: args.bias is true (the default)"),
        Arguments.of(
            edit(NOTEBOOK, "\"kernel_size\": 2}", "\"kernel_size\": 2, \"bias\": false}"),
            "test.json: bias: must be null because args.bias is false"),
        Arguments.of(
            edit(
                NOTEBOOK,
                "\"args\": {\"in_channels\": 2, \"out_channels\": 1, \"kernel_size\": 2}",
                "\"args\": [2, 1, 2]"),
            "test.json: args: expected an object of PyTorch keyword arguments but found an array"),
        Arguments.of(
            edit(
                NOTEBOOK,
                "\"args\": {\"in_channels\": 2,",
                "\"args\": 5, \"x\": {\"in_channels\": 2,"),
            "test.json: args: expected an object of PyTorch keyword arguments but found 5"),
        Arguments.of(
            edit(
                NOTEBOOK,
                "\"args\": {",
                "\"args\": {\"deep\": " + "[".repeat(40) + "]".repeat(40) + ", "),
            "test.json: exceeds a reader limit: Document nesting depth (33) exceeds the maximum"
                + " allowed (32"),
        Arguments.of(
            NOTEBOOK + " {}", "test.json: unexpected content after the case's closing brace"));
  }

  /** A format-2 container whose second child is itself a container. */
  static final String SEQUENTIAL =
      """
      {"format": "torch-parity-case/2", "name": "seq", "module": "Sequential",
       "dtype": "float32", "init_seed": 1,
       "children": [{"name": "0", "module": "ReLU", "args": {}},
                    {"name": "1", "module": "Sequential",
                     "children": [{"name": "0", "module": "ReLU"}]}]}
      """;

  static Stream<Arguments> malformedFormat2() {
    String bias = "\"bias\": {\"shape\": [1], \"data\": [0]}";
    return Stream.of(
        Arguments.of(
            edit(FORMAT_2, "\"forward_seed\": 7,", "\"forward_seed\": 7, \"stage\": \"forward\","),
            "test.json: stage: needs error: it says where PyTorch refused"),
        Arguments.of(
            edit(FORMAT_2, "\"forward_seed\": 7,", "\"forward_seed\": 7, \"seed\": 7,"),
            "test.json: seed: is not a key of torch-parity-case/2 (format 1 only)"),
        Arguments.of(
            edit(FORMAT_2, "\"inputs\": [", "\"grad_weight\": null, \"inputs\": ["),
            "test.json: grad_weight: is not a key of torch-parity-case/2 (format 1 only)"),
        Arguments.of(
            edit(
                NOTEBOOK, "\"dtype\": \"float32\",", "\"dtype\": \"float32\", \"training\": true,"),
            "test.json: training: is not a key of torch-parity-case/1 (format 2 only)"),
        Arguments.of(
            edit(SEQUENTIAL, "\"args\": {}}", "\"args\": {}, \"kids\": []}"),
            "test.json: children[0].kids: unknown key (a child has name, module, args, children)"),
        Arguments.of(
            edit(SEQUENTIAL, "\"module\": \"ReLU\"}]", "\"module\": \"ReLU\", \"kids\": []}]"),
            "test.json: children[1].children[0].kids: unknown key (a child has name, module, args,"
                + " children)"),
        Arguments.of(
            edit(
                SEQUENTIAL,
                "\"children\": [{\"name\": \"0\", \"module\": \"ReLU\", \"args\": {}},",
                "\"children\": {\"a\": "),
            "test.json: children: expected a list of {\"name\", \"module\", \"args\", \"children\"}"
                + " but found an object"),
        Arguments.of(
            edit(
                FORMAT_2,
                bias,
                bias + ", \"steps\": {\"shape\": [], \"dtype\": \"int64\", \"data\": [1.5]}"),
            "test.json: state.steps.data: holds non-integer values but the tensor's dtype is int64"),
        Arguments.of(
            edit(
                FORMAT_2,
                bias,
                bias + ", \"steps\": {\"shape\": [], \"dtype\": \"int32\", \"data\": [1]}"),
            "test.json: state.steps.dtype: dtype must be float32, float64, int64 or bool but was"
                + " 'int32'"),
        Arguments.of(
            edit(FORMAT_2, bias, "\"bias\": {\"file\": \"w.npz\", \"key\": \"b\", \"data\": [0]}"),
            "test.json: state.bias: a tensor is either inline (shape, data) or in a file (file, key),"
                + " not both"),
        Arguments.of(
            edit(FORMAT_2, bias, "\"bias\": {\"file\": \"w.npz\"}"),
            "test.json: state.bias.key: is missing"),
        Arguments.of(
            edit(
                FORMAT_2,
                "\"inputs\": [",
                "\"input\": {\"shape\": [0], \"data\": []}, \"inputs\": ["),
            "test.json: inputs: give either input or inputs, not both"),
        Arguments.of(
            edit(FORMAT_2, "\"grad_outputs\": [{\"shape\": [1, 1, 2], \"data\": [1, 1]}],", ""),
            "test.json: grad_input: needs grad_output, the gradient passed to backward"),
        Arguments.of(
            edit(FORMAT_2, "\"training\": false", "\"training\": \"no\""),
            "test.json: training: expected true or false but found \"no\""));
  }

  @Test
  void readsAFormat2CaseWithStateGradsInputsAndOutputs() throws IOException {
    ParityCase c = read(FORMAT_2);
    assertThat(c.formatVersion()).isEqualTo(2);
    assertThat(c.name()).isEqualTo("hand2");
    assertThat(c.training()).isFalse();
    assertThat(c.forwardSeed()).isEqualTo(7L);
    assertThat(c.initSeed()).isNull();
    assertThat(c.convSpec()).isEqualTo(ConvSpec.conv1d(2, 1, 2).build());
    assertThat(c.state()).containsOnlyKeys("weight", "bias");
    assertThat(c.state().keySet()).containsExactly("weight", "bias");
    assertThat(c.weight()).isEqualTo(Tensor.of(new int[] {1, 2, 2}, new float[] {1, 1, 1, 1}));
    assertThat(c.bias()).isEqualTo(Tensor.of(new int[] {1}, new float[] {0}));
    assertThat(c.inputs())
        .containsExactly(Tensor.of(new int[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    assertThat(c.outputs()).containsExactly(Tensor.of(new int[] {1, 1, 2}, new float[] {12, 16}));
    assertThat(c.gradOutputs()).containsExactly(Tensor.of(new int[] {1, 1, 2}, new float[] {1, 1}));
    assertThat(c.gradInput())
        .isEqualTo(Tensor.of(new int[] {1, 2, 3}, new float[] {1, 2, 1, 1, 2, 1}));
    assertThat(c.grads().keySet()).containsExactly("weight", "bias");
    assertThat(c.gradWeight()).isEqualTo(Tensor.of(new int[] {1, 2, 2}, new float[] {3, 5, 9, 11}));
    assertThat(c.gradBias()).isEqualTo(Tensor.of(new int[] {1}, new float[] {2}));
    assertThat(c.hasGradients()).isTrue();
    assertThat(c.stateAfter()).isEmpty();
    assertThat(c.children()).isEmpty();
  }

  @Test
  void readsInt64AndBoolTensorsExactlyWhateverTheCasesDType() throws IOException {
    // 2^53 + 1 = 9007199254740993 is the first integer a double cannot hold
    ParityCase c =
        read(
            edit(
                FORMAT_2,
                "\"bias\": {\"shape\": [1], \"data\": [0]}",
                """
                "bias": {"shape": [1], "data": [0]},
                "num_batches_tracked": {"shape": [3], "dtype": "int64",
                    "data": [-9223372036854775808, 9007199254740993, 9223372036854775807]},
                "mask": {"shape": [2, 1], "dtype": "bool", "data": [1, 0]},
                "empty": {"shape": [0], "dtype": "int64", "data": []}
                """));
    Tensor steps = c.state().get("num_batches_tracked");
    assertThat(steps.dtype()).isEqualTo(DType.INT64);
    assertThat(steps.shape()).containsExactly(3);
    assertThat(steps.toLongArray())
        .containsExactly(Long.MIN_VALUE, 9007199254740993L, Long.MAX_VALUE);
    Tensor mask = c.state().get("mask");
    assertThat(mask.dtype()).isEqualTo(DType.BOOL);
    assertThat(mask.shape()).containsExactly(2, 1);
    assertThat(mask.toLongArray()).containsExactly(1, 0);
    assertThat(c.state().get("empty")).isEqualTo(Tensor.ofLongs(new int[] {0}, new long[0]));
    assertThat(c.weight().dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void readsNestedChildrenAsWritten() throws IOException {
    ParityCase c = read(SEQUENTIAL);
    assertThat(c.module()).isEqualTo("Sequential");
    assertThat(c.initSeed()).isEqualTo(1L);
    assertThat(c.args().isObject() && c.args().isEmpty()).isTrue();
    assertThat(c.children()).hasSize(2);
    assertThat(c.children().get(0).get("module").asText()).isEqualTo("ReLU");
    assertThat(c.children().get(1).get("children").get(0).get("module").asText()).isEqualTo("ReLU");
  }

  /** Writes {@code weights.npz} (a float32 weight, an int64 buffer) into {@code dir}. */
  private static Map<String, Tensor> writeWeights(Path dir) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    // -0.0 and a float32 subnormal survive only a bit-exact round trip
    tensors.put(
        "w", Tensor.of(new int[] {1, 2, 2}, new float[] {0.5f, -0.0f, Float.MIN_VALUE, 7f}));
    tensors.put("steps", Tensor.ofLongs(new int[] {}, new long[] {9007199254740993L}));
    StateDictFile.write(dir.resolve("weights.npz"), tensors);
    return tensors;
  }

  private static String withWeightFrom(String file, String key) {
    return edit(
        FORMAT_2,
        "\"weight\": {\"shape\": [1, 2, 2], \"data\": [1, 1, 1, 1]},",
        "\"weight\": {\"file\": \""
            + file
            + "\", \"key\": \""
            + key
            + "\"},"
            + " \"steps\": {\"file\": \""
            + file
            + "\", \"key\": \"steps\"},");
  }

  @Test
  void readsTensorsFromAWeightsFileBesideTheCase(@TempDir Path dir) throws IOException {
    Map<String, Tensor> written = writeWeights(dir);
    Path file = dir.resolve("case.json");
    Files.writeString(file, withWeightFrom("weights.npz", "w"));
    ParityCase c = new CaseReader().read(file);
    assertThat(c.weight()).isEqualTo(written.get("w"));
    assertThat(c.state().get("steps")).isEqualTo(written.get("steps"));
    assertThat(c.state().keySet()).containsExactly("weight", "steps", "bias");
  }

  @Test
  void refusesAKeyTheWeightsFileLacks(@TempDir Path dir) throws IOException {
    writeWeights(dir);
    Path file = dir.resolve("case.json");
    Files.writeString(file, withWeightFrom("weights.npz", "nope"));
    assertThatThrownBy(() -> new CaseReader().read(file))
        .isInstanceOf(CaseFormatException.class)
        .hasMessage(
            file + ": state.weight.key: 'nope' is not in weights.npz (it holds [w, steps])");
  }

  @Test
  void refusesAnAbsoluteWeightsPathEvenToAnExistingFile(@TempDir Path dir) throws IOException {
    writeWeights(dir);
    String absolute = dir.resolve("weights.npz").toAbsolutePath().toString();
    Path file = dir.resolve("case.json");
    Files.writeString(file, withWeightFrom(absolute, "w"));
    assertThatThrownBy(() -> new CaseReader().read(file))
        .isInstanceOf(CaseFormatException.class)
        .hasMessage(
            file
                + ": state.weight.file: must be relative to the case's folder but was '"
                + absolute
                + "'");
  }

  @Test
  void refusesAWeightsPathThatLeavesTheCasesFolder(@TempDir Path dir) throws IOException {
    writeWeights(dir);
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Path file = sub.resolve("case.json");
    Files.writeString(file, withWeightFrom("../weights.npz", "w"));
    assertThatThrownBy(() -> new CaseReader().read(file))
        .isInstanceOf(CaseFormatException.class)
        .hasMessage(
            file
                + ": state.weight.file: must stay inside the case's folder but '../weights.npz'"
                + " leaves it");
  }

  @ParameterizedTest
  @MethodSource({"malformed", "malformedFormat2"})
  void refusesMalformedFilesNamingTheField(String json, String messageStart) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(CaseFormatException.class)
        .hasMessageStartingWith(messageStart);
  }
}
