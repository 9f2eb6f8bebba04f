package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.io.StateDictException;
import org.torchparity.io.StateDictFile;
import org.torchparity.io.StoredTensor;
import org.torchparity.io.WeightLimits;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Tolerance;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.Tensor;

/**
 * A whole model's {@code torch.save(model.state_dict())} from PyTorch 1.13 ({@code
 * parity-tests/torch_save_cases.py}: {@code Sequential(Conv1d(2, 3, 3), ReLU(), Conv1d(3, 2, 1))})
 * loads into the same torch-parity tree and reproduces PyTorch's output; float16 weights load only
 * leniently, converted as PyTorch's {@code t.float()} converts them; {@code saveStateDict} writes a
 * {@code .pt} that loads back; a checkpoint's model loads through a key path.
 */
class TorchSaveLoadTest {
  private static final Path DIR = Path.of("src/test/resources/torch-save");
  private static JsonNode expected;

  @BeforeAll
  static void readExpected() throws IOException {
    expected = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
  }

  private static Sequential model(DType dtype) {
    return Sequential.of(
        Conv1d.of(ConvSpec.conv1d(2, 3, 3).dtype(dtype).build()),
        ReLU.of(new ReluSpec(false, dtype), org.torchparity.engine.DeviceSpec.CPU),
        Conv1d.of(ConvSpec.conv1d(3, 2, 1).dtype(dtype).build()));
  }

  @Test
  void aPyTorchModelsStateDictLoadsStrictlyAndReproducesItsOutput() {
    try (Sequential model = model(DType.FLOAT32)) {
      model.loadStateDict(DIR.resolve("sequential.pt"));
      assertStateDict(model, "sequential.pt", "", "hex");
      JsonNode forward = expected.get("forward").get("sequential.pt");
      Tensor input = tensor(forward.get("input"), forward.get("input_shape"));
      Tensor output = tensor(forward.get("output"), forward.get("output_shape"));
      Comparison result = Comparison.of(model.forward(input), output, Tolerance.FLOAT32);
      assertThat(result.passed()).as(result.describe()).isTrue();
    }
    try (Sequential model = model(DType.FLOAT64)) {
      model.loadStateDict(DIR.resolve("sequential_f64.pt"));
      assertStateDict(model, "sequential_f64.pt", "", "hex");
    }
  }

  @Test
  void float16WeightsAreADtypeMismatchWhenStrictAndConvertWhenLenient() {
    Path file = DIR.resolve("sequential_f16.pt");
    try (Sequential model = model(DType.FLOAT32)) {
      Map<String, Tensor> before = model.stateDict();
      assertThatThrownBy(() -> model.loadStateDict(file))
          .isInstanceOf(StateDictException.class)
          .hasMessageContaining(
              "\n\tdtype mismatch for 0.weight: copying a param of dtype float16 from checkpoint,"
                  + " the dtype in current model is float32 (load with strict=false to convert).");
      assertThat(model.stateDict()).isEqualTo(before); // all or nothing
      model.loadStateDict(file, "", false);
      assertStateDict(model, "sequential_f16.pt", "", "float32_hex");
    }
  }

  @Test
  void savedAsPtAStateDictLoadsBackAndReadsWithPyTorchsKeys(@TempDir Path dir) {
    Path file = dir.resolve("model.pth");
    try (Sequential saved = model(DType.FLOAT32);
        Sequential loaded = model(DType.FLOAT32)) {
      saved.loadStateDict(DIR.resolve("sequential.pt"));
      saved.saveStateDict(file);
      loaded.loadStateDict(file);
      assertThat(loaded.stateDict()).isEqualTo(saved.stateDict());
      assertThat(StateDictFile.readStored(file).keySet())
          .containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    }
  }

  @Test
  void aCheckpointsModelLoadsThroughAKeyPath() {
    Path file = DIR.resolve("checkpoint.pt");
    try (Sequential model = model(DType.FLOAT32)) {
      assertThatThrownBy(() -> model.loadStateDict(file))
          .isInstanceOf(StateDictException.class)
          .hasMessageContaining("pick one with a key path (--key): model");
      Map<String, Tensor> state = new LinkedHashMap<>();
      StateDictFile.readStored(file, "model", WeightLimits.DEFAULTS)
          .forEach((key, t) -> state.put(key, t.toTensor()));
      model.loadStateDict(state);
      assertStateDict(model, "checkpoint.pt", "model", "hex");
    }
  }

  /** The model's state dict equals PyTorch's bytes ({@code hex}) or its {@code t.float()}. */
  private static void assertStateDict(Module model, String file, String keyPath, String field) {
    JsonNode want = expected.get("files").get(file).get(keyPath);
    Map<String, Tensor> state = model.stateDict();
    assertThat(state.keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    state.forEach(
        (key, t) -> {
          ByteBuffer b =
              ByteBuffer.allocate(t.numel() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
          t.writeTo(b);
          assertThat(HexFormat.of().formatHex(b.array()))
              .as(file + " " + key)
              .isEqualTo(want.get(key).get(field).asText());
        });
  }

  private static Tensor tensor(JsonNode hex, JsonNode shape) {
    int[] dims = new int[shape.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shape.get(i).asInt();
    }
    return StoredTensor.of("float32", dims, HexFormat.of().parseHex(hex.asText())).toTensor();
  }
}
