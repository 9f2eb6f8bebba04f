package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.torchparity.io.CaseReader;
import org.torchparity.io.ParityCase;
import org.torchparity.io.StateDictException;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Tolerance;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * State dicts: round trips, files written by PyTorch (parity-tests/save_state_dict.py) and every
 * refusal, asserted by its text.
 */
class StateDictTest {
  private static final Path STATE_DICTS = Path.of("parity-tests", "state_dicts");

  @ParameterizedTest
  @ValueSource(strings = {"layer.npz", "layer.safetensors"})
  void saveThenLoadGivesIdenticalParameters(String name, @TempDir Path dir) {
    for (DType dtype : DType.floatingTypes()) {
      ConvSpec spec = ConvSpec.conv1d(4, 6, 3).groups(2).dtype(dtype).build();
      Path file = dir.resolve(dtype + "-" + name);
      try (Conv1d saved = Conv1d.of(spec);
          Conv1d loaded = Conv1d.of(spec)) {
        saved.resetParameters(7);
        saved.saveStateDict(file, "block.conv.");
        loaded.loadStateDict(file, "block.conv.", true);
        assertThat(loaded.weight().toDoubleArray()).containsExactly(saved.weight().toDoubleArray());
        assertThat(loaded.bias().toDoubleArray()).containsExactly(saved.bias().toDoubleArray());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"encoder.npz", "encoder.safetensors"})
  void aPyTorchWrittenStateDictReproducesPyTorchsOutput(String fileName) throws IOException {
    Path file = STATE_DICTS.resolve(fileName);
    CaseReader reader = new CaseReader();
    for (String layer : new String[] {"conv1", "conv2"}) {
      ParityCase c = reader.read(STATE_DICTS.resolve("encoder_" + layer + ".json"));
      try (ConvLayer conv = ConvLayer.of(c.convSpec(), org.torchparity.engine.DeviceSpec.CPU)) {
        conv.loadStateDict(file, "encoder." + layer + ".", true);
        assertThat(conv.weight().toDoubleArray()).containsExactly(c.weight().toDoubleArray());
        Comparison result = Comparison.of(conv.forward(c.input()), c.output(), Tolerance.FLOAT32);
        assertThat(result.passed()).as(result.describe()).isTrue();
      }
    }
  }

  @Test
  void strictLoadingNamesMissingAndUnexpectedKeys() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build())) {
      Map<String, Tensor> state = new LinkedHashMap<>();
      state.put("weight", Tensor.zeros(DType.FLOAT32, 1, 1, 2));
      state.put("running_mean", Tensor.zeros(DType.FLOAT32, 1));
      assertThatThrownBy(() -> conv.loadStateDict(state))
          .isInstanceOf(StateDictException.class)
          .hasMessage(
              // PyTorch 1.13's load_state_dict wording, a "\n\t" before each error line.
              "state dict: Error(s) in loading state_dict for Conv1d:\n\tMissing key(s) in"
                  + " state_dict: \"bias\". \n\tUnexpected key(s) in state_dict:"
                  + " \"running_mean\". ");
      conv.setBias(0.5);
      conv.loadStateDict(state, "", false);
      assertThat(conv.bias().toDoubleArray()).containsExactly(0.5);
      assertThat(conv.weight().toDoubleArray()).containsExactly(0, 0);
    }
  }

  @Test
  void keysOutsideThePrefixAreNotUnexpected() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(3, 4, 3).padding(1).build())) {
      conv.loadStateDict(STATE_DICTS.resolve("encoder.npz"), "encoder.conv1.", true);
      assertThatThrownBy(
              () -> conv.loadStateDict(STATE_DICTS.resolve("encoder.npz"), "encoder.", true))
          .isInstanceOf(StateDictException.class)
          .hasMessageContaining(
              "Missing key(s) in state_dict: \"encoder.weight\", \"encoder.bias\". \n\tUnexpected"
                  + " key(s) in state_dict: \"encoder.conv1.weight\", \"encoder.conv1.bias\","
                  + " \"encoder.conv2.weight\", \"encoder.conv2.bias\".");
    }
  }

  @Test
  void aShapeMismatchIsRefusedEvenLeniently() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(3, 4, 5).build())) {
      assertThatThrownBy(
              () -> conv.loadStateDict(STATE_DICTS.resolve("encoder.npz"), "encoder.conv1.", false))
          .isInstanceOf(StateDictException.class)
          .hasMessage(
              STATE_DICTS.resolve("encoder.npz")
                  + ": Error(s) in loading state_dict for Conv1d:\n\tsize mismatch for"
                  + " encoder.conv1.weight: copying a param with shape torch.Size([4, 3, 3]) from"
                  + " checkpoint, the shape in current model is torch.Size([4, 3, 5]).");
    }
  }

  @Test
  void aDtypeMismatchIsRefusedStrictlyAndConvertedLeniently() {
    ConvSpec spec = ConvSpec.conv1d(3, 4, 3).padding(1).dtype(DType.FLOAT64).build();
    try (Conv1d conv = Conv1d.of(spec)) {
      Path file = STATE_DICTS.resolve("encoder.safetensors");
      assertThatThrownBy(() -> conv.loadStateDict(file, "encoder.conv1.", true))
          .isInstanceOf(StateDictException.class)
          .hasMessageContaining(
              file
                  + ": Error(s) in loading state_dict for Conv1d:\n\tdtype mismatch for"
                  + " encoder.conv1.weight: copying a param of dtype float32 from checkpoint, the"
                  + " dtype in current model is float64 (load with strict=false to convert).");
      conv.loadStateDict(file, "encoder.conv1.", false);
      assertThat(conv.weight().dtype()).isEqualTo(DType.FLOAT64);
    }
  }

  @Test
  void aTruncatedNpzIsRefusedWithTheKey(@TempDir Path dir) throws IOException {
    byte[] whole = Files.readAllBytes(STATE_DICTS.resolve("encoder.npz"));
    Path cut = dir.resolve("cut.npz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(3, 4, 3).build())) {
      assertThatThrownBy(() -> conv.loadStateDict(cut, "encoder.conv1.", true))
          .isInstanceOf(StateDictException.class)
          .hasMessageStartingWith(cut + ": ")
          .hasMessageContaining("zip");
    }
  }

  @Test
  void aTruncatedSafetensorsFileIsRefused(@TempDir Path dir) throws IOException {
    byte[] whole = Files.readAllBytes(STATE_DICTS.resolve("encoder.safetensors"));
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(whole, whole.length - 16));
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(3, 4, 3).build())) {
      assertThatThrownBy(() -> conv.loadStateDict(cut, "encoder.conv1.", true))
          .isInstanceOf(StateDictException.class)
          .hasMessageContaining("truncated: data_offsets [")
          .hasMessageContaining("must lie within the data section of");
    }
  }

  @Test
  void aHostileHeaderLengthDoesNotAllocate(@TempDir Path dir) throws IOException {
    Path hostile = dir.resolve("hostile.safetensors");
    ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(Long.MAX_VALUE / 2).put("{}      ".getBytes(StandardCharsets.US_ASCII));
    Files.write(hostile, bytes.array());
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build())) {
      assertThatThrownBy(() -> conv.loadStateDict(hostile))
          .isInstanceOf(StateDictException.class)
          .hasMessage(
              hostile
                  + ": truncated: the header claims 4611686018427387903 bytes but the file has 8"
                  + " after the length");
    }
  }

  @Test
  void anUnknownExtensionIsRefused(@TempDir Path dir) {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build())) {
      Path file = dir.resolve("weights.ckpt");
      assertThatThrownBy(() -> conv.loadStateDict(file))
          .isInstanceOf(StateDictException.class)
          .hasMessage(
              file
                  + ": expected a .pt, .pth, .npz or .safetensors file name but got"
                  + " 'weights.ckpt'");
    }
  }
}
