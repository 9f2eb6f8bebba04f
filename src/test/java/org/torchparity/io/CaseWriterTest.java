package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Padding;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/** What {@link CaseWriter} writes, {@link CaseReader} reads back exactly. */
class CaseWriterTest {

  static Stream<ConvSpec> specs() {
    return Stream.of(
        ConvSpec.conv1d(2, 1, 2).build(),
        ConvSpec.conv1d(4, 6, 3)
            .padding(Padding.SAME)
            .dilation(2)
            .groups(2)
            .bias(false)
            .paddingMode(PaddingMode.REFLECT)
            .dtype(DType.FLOAT64)
            .build(),
        ConvSpec.conv1d(3, 3, 5).padding("valid").stride(3).paddingMode("circular").build(),
        ConvSpec.convTranspose1d(2, 4, 3).stride(3).padding(1).outputPadding(2).groups(2).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specs")
  void roundTripsEveryArgumentAndEveryBit(ConvSpec spec, @TempDir Path dir) throws IOException {
    DType dtype = spec.dtype();
    int[] inShape = {2, spec.inChannels(), 9};
    Tensor input = ramp(dtype, inShape, 0.1);
    Tensor weight = ramp(dtype, spec.weightShape(), -0.37);
    Tensor bias = spec.bias() ? ramp(dtype, spec.biasShape(), 1.0 / 3) : null;
    // Not a real output: the writer copies values, it does not check them against the layer.
    Tensor output = ramp(dtype, spec.outputShape(inShape), Math.PI);
    ParityCase written =
        CaseWriter.forwardCase("rt", "a round trip", "2.7.1", spec, input, weight, bias, output);

    Path file = dir.resolve("sub").resolve("rt.json");
    CaseWriter.write(file, written);
    ParityCase read = new CaseReader().read(file);

    assertThat(read.convSpec()).isEqualTo(spec);
    assertThat(read.name()).isEqualTo("rt");
    assertThat(read.source()).isEqualTo("a round trip");
    assertThat(read.torchVersion()).isEqualTo("2.7.1");
    assertThat(read.input()).isEqualTo(input);
    assertThat(read.weight()).isEqualTo(weight);
    assertThat(read.bias()).isEqualTo(bias);
    assertThat(read.output()).isEqualTo(output);
    assertThat(read.isErrorCase()).isFalse();
    assertThat(read.isSeedCase()).isFalse();
    assertThat(read.hasGradients()).isFalse();
  }

  @Test
  void writesFormat2WithNonFiniteValuesAsStringsAndNoBiasKeyWhenAbsent() throws IOException {
    ConvSpec spec = ConvSpec.conv1d(1, 1, 1).bias(false).build();
    Tensor input =
        Tensor.of(
            DType.FLOAT32,
            new int[] {1, 1, 4},
            new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0});
    Tensor weight = Tensor.of(DType.FLOAT32, new int[] {1, 1, 1}, new double[] {1});
    ParityCase c = CaseWriter.forwardCase("nf", null, null, spec, input, weight, null, input);

    String json = CaseWriter.toJson(c);

    // format 2 has no top-level bias: a layer without one has no "bias" in its state dict, as in
    // PyTorch; absent source and torch_version are left out
    assertThat(json)
        .isEqualTo(
            """
            {
              "format": "torch-parity-case/2",
              "name": "nf",
              "module": "Conv1d",
              "args": {
                "in_channels": 1,
                "out_channels": 1,
                "kernel_size": 1,
                "stride": 1,
                "padding": 0,
                "dilation": 1,
                "groups": 1,
                "bias": false,
                "padding_mode": "zeros"
              },
              "dtype": "float32",
              "state": {
                "weight": {
                  "shape": [ 1, 1, 1 ],
                  "data": [ 1.0 ]
                }
              },
              "input": {
                "shape": [ 1, 1, 4 ],
                "data": [ "nan", "inf", "-inf", -0.0 ]
              },
              "output": {
                "shape": [ 1, 1, 4 ],
                "data": [ "nan", "inf", "-inf", -0.0 ]
              }
            }
            """);
    ParityCase read = readBack(json);
    assertThat(read.formatVersion()).isEqualTo(2);
    assertThat(read.input()).isEqualTo(input);
    assertThat(read.output()).isEqualTo(input);
    assertThat(read.state().keySet()).containsExactly("weight");
    assertThat(read.bias()).isNull();
    assertThat(read.convSpec()).isEqualTo(spec);
  }

  @Test
  void writesEveryFormat2FieldAndOtherDTypesExactly() throws IOException {
    // a float32 case holding an int64 buffer (2^53 + 1 = 9007199254740993 rounds as a double),
    // a bool mask and a float64 tensor: each written with its own dtype and read back bit for bit
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", Tensor.of(new int[] {1, 1, 1}, new float[] {0.1f}));
    state.put(
        "steps", Tensor.ofLongs(new int[] {2}, new long[] {9007199254740993L, Long.MIN_VALUE}));
    state.put("mask", Tensor.ofBools(new int[] {2}, new boolean[] {true, false}));
    state.put("wide", Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {0.1}));
    Tensor x1 = Tensor.of(new int[] {1, 1, 2}, new float[] {1, 2});
    Tensor x2 = Tensor.of(new int[] {1, 1, 2}, new float[] {3, 4});
    ParityCase written =
        new ParityCase(
            "all",
            2,
            "all",
            "by hand",
            "1.13.0",
            "Conv1d",
            CaseWriter.args(ConvSpec.conv1d(1, 1, 1).bias(false).build()),
            List.of(),
            DType.FLOAT32,
            false,
            state,
            Map.of("steps", Tensor.ofLongs(new int[] {2}, new long[] {1, 2})),
            List.of(x1, x2),
            List.of(x2, x1),
            List.of(x1, x1),
            List.of(x2, x2),
            Map.of("weight", Tensor.of(new int[] {1, 1, 1}, new float[] {-0.0f})),
            null,
            5L,
            null,
            null,
            "block.conv",
            3,
            "tiny");

    String json = CaseWriter.toJson(written);

    assertThat(json)
        .contains(
            "\"steps\": {\n"
                + "      \"shape\": [ 2 ],\n"
                + "      \"dtype\": \"int64\",\n"
                + "      \"data\": [ 9007199254740993, -9223372036854775808 ]\n")
        .contains("\"dtype\": \"bool\",\n      \"data\": [ 1, 0 ]")
        .contains("\"dtype\": \"float64\",\n      \"data\": [ 0.1 ]")
        .contains("\"training\": false")
        .contains("\"inputs\": [")
        .doesNotContain("\"input\":");
    ParityCase read = readBack(json);
    assertThat(read.state()).containsExactlyEntriesOf(state);
    assertThat(read.stateAfter()).isEqualTo(written.stateAfter());
    assertThat(read.inputs()).containsExactly(x1, x2);
    assertThat(read.outputs()).containsExactly(x2, x1);
    assertThat(read.gradOutputs()).containsExactly(x1, x1);
    assertThat(read.gradInputs()).containsExactly(x2, x2);
    assertThat(read.grads()).isEqualTo(written.grads());
    assertThat(read.training()).isFalse();
    assertThat(read.forwardSeed()).isEqualTo(5L);
    assertThat(read.source()).isEqualTo("by hand");
    assertThat(read.torchVersion()).isEqualTo("1.13.0");
    assertThat(read.path()).isEqualTo("block.conv");
    assertThat(read.call()).isEqualTo(3);
    assertThat(read.model()).isEqualTo("tiny");
    assertThat(read.args()).isEqualTo(written.args());
  }

  private static ParityCase readBack(String json) throws IOException {
    return new CaseReader()
        .read("back.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void argsSpellOutEveryKeywordWithPyTorchsNames() {
    ConvSpec spec = ConvSpec.convTranspose1d(2, 4, 3).stride(2).outputPadding(1).build();
    assertThat(CaseWriter.args(spec).toString())
        .isEqualTo(
            "{\"in_channels\":2,\"out_channels\":4,\"kernel_size\":3,\"stride\":2,"
                + "\"padding\":0,\"output_padding\":1,\"dilation\":1,\"groups\":1,"
                + "\"bias\":true,\"padding_mode\":\"zeros\"}");
  }

  /** Values {@code step * i} for i = 0, 1, ..., rounded to the dtype: not round in decimal. */
  private static Tensor ramp(DType dtype, int[] shape, double step) {
    double[] values = new double[Math.toIntExact(Tensor.numel(shape))];
    for (int i = 0; i < values.length; i++) {
      values[i] = step * (i - values.length / 2.0);
    }
    return Tensor.of(dtype, shape, values);
  }
}
