package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code check --torchscript}: the exports under {@code parity-tests/torchscript/}, traced by
 * {@code trace_model.py} with Debian's PyTorch 1.13 and loaded by DJL's libtorch 2.7.1, give the
 * recorded eager output within the dtype's tolerance; a changed recorded output fails; a file that
 * is not TorchScript, or a recording without the whole model's call, is bad input.
 */
class TorchScriptCheckTest {
  private static final Path TRACED = Path.of("parity-tests", "torchscript");

  @ParameterizedTest
  @ValueSource(strings = {"audio_m5", "resnet1d", "unet1d"})
  void theTracedExportMatchesEagerPyTorch(String name, @TempDir Path dir) throws IOException {
    Path folder = TRACED.resolve(name);
    Path json = dir.resolve("ts.json");
    CliRunner.Result r =
        CliRunner.run(
            "check",
            "--torchscript",
            folder.resolve(name + ".torchscript.pt").toString(),
            folder.toString(),
            "--json",
            json.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith("torchscript ").contains(": PASS max abs ");
    JsonNode ts = new ObjectMapper().readTree(json.toFile()).get("torchscript");
    assertThat(ts.get("status").asText()).isEqualTo("PASS");
  }

  @Test
  void aChangedRecordedOutputFails(@TempDir Path dir) throws IOException {
    Path copy = dir.resolve("audio_m5");
    RecordingFiles.copyFolder(TRACED.resolve("audio_m5"), copy);
    RecordingFiles.addToFirstElement(
        copy.resolve("audio_m5_tensors.safetensors"), "model.output", 0.5f);
    CliRunner.Result r =
        CliRunner.run(
            "check",
            "--torchscript",
            copy.resolve("audio_m5.torchscript.pt").toString(),
            copy.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARITY_FAILED);
    assertThat(r.out()).contains(": FAIL max abs 5.00e-01");
  }

  @Test
  void aFileThatIsNotTorchScriptIsBadInput(@TempDir Path dir) throws IOException {
    Path notTs = dir.resolve("weights.pt");
    Files.copy(TRACED.resolve("audio_m5").resolve("audio_m5.safetensors"), notTs);
    CliRunner.Result r =
        CliRunner.run(
            "check", "--torchscript", notTs.toString(), TRACED.resolve("audio_m5").toString());
    assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--torchscript: ").contains("could not load");
  }

  @Test
  void aRecordingWithoutTheWholeModelCallIsBadInput(@TempDir Path dir) throws IOException {
    Path folder = dir.resolve("old");
    Files.createDirectories(folder);
    Files.write(folder.resolve("old_tensors.safetensors"), emptySafetensors());
    CliRunner.Result r =
        CliRunner.run(
            "check",
            "--torchscript",
            TRACED.resolve("audio_m5").resolve("audio_m5.torchscript.pt").toString(),
            folder.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("holds no model.input / model.output");
  }

  /** A safetensors file with no tensor: 8-byte length 8, then the header {@code {}} padded. */
  private static byte[] emptySafetensors() {
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(8);
    b.put("{}      ".getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }
}
