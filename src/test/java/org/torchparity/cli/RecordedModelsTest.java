package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.parity.Layers;

/**
 * The models under {@code parity-tests/recordings}, recorded by {@code record_examples.py} with
 * {@code record_model.py} from Debian's PyTorch 1.13, replayed call by call through {@code check}:
 * every recorded call and every {@code Sequential} replayed whole passes, on the engine and on the
 * reference, but for the three modules torch-parity cannot build, which are skipped by name; and a
 * weight changed in a recording's state file is found at exactly the call that uses it.
 */
class RecordedModelsTest {
  private static final Path RECORDINGS = Path.of("parity-tests", "recordings");
  private static final List<String> MODELS =
      List.of("audio_m5", "resnet1d", "tasnet", "text_cnn", "unet1d", "unknown_modules");

  /** The modules of unknown_modules that torch-parity cannot build: a user's, a subclass, LSTM. */
  private static final Set<String> UNBUILDABLE = Set.of("Snake", "CausalConv1d", "LSTM");

  @Test
  void everyRecordedCallPassesOrSkipsAModuleByName(@TempDir Path dir) throws IOException {
    Path json = dir.resolve("result.json");
    CliRunner.Result r = CliRunner.run("check", RECORDINGS.toString(), "--json", json.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).doesNotContain("FAIL");
    JsonNode recordings = new ObjectMapper().readTree(json.toFile()).get("recordings");
    List<String> names = new ArrayList<>();
    recordings.forEach(rec -> names.add(rec.get("model").asText()));
    assertThat(names).containsExactlyElementsOf(MODELS);
    for (JsonNode rec : recordings) {
      String model = rec.get("model").asText();
      assertThat(r.out()).contains("recording " + model + ": ");
      assertThat(rec.get("first_divergence").isNull()).as(model).isTrue();
      assertThat(rec.get("summary").asText()).as(model).isEqualTo("no divergence");
      assertThat(rec.get("calls").asInt()).as(model).isPositive();
      int call = 0;
      for (JsonNode row : rec.get("call_results")) {
        assertThat(row.get("call").asInt()).as(model + " call order").isEqualTo(call++);
        String module = row.get("module").asText();
        String where = model + " call " + row.get("call") + " " + row.get("path").asText();
        if (UNBUILDABLE.contains(module)) {
          assertThat(row.get("status").asText()).as(where).isEqualTo("SKIP");
          assertThat(row.get("reason").asText())
              .as(where)
              .isEqualTo("module " + module + " is not implemented by torch-parity");
        } else {
          // every other recorded call: both kernels agree with PyTorch
          assertThat(Layers.names()).as(where).contains(module);
          assertThat(row.get("status").asText()).as(where).isEqualTo("PASS");
          assertThat(row.get("engine_max_abs_error").isNumber()).as(where).isTrue();
          if (module.equals("Dropout") && row.get("reason").asText().contains("reference")) {
            // a training-mode Dropout draws libtorch's mask: the engine's alone
            assertThat(row.get("reason").asText())
                .as(where)
                .isEqualTo("reference does not support this configuration");
          } else {
            assertThat(row.get("reference_max_abs_error").isNumber()).as(where).isTrue();
          }
        }
      }
      for (JsonNode row : rec.get("whole_results")) {
        assertThat(row.get("status").asText()).as(model + " " + row).isEqualTo("PASS");
      }
      if (!model.equals("unknown_modules")) {
        assertThat(rec.get("skipped").asInt()).as(model).isZero();
      }
    }
    JsonNode unknown = recordings.get(MODELS.indexOf("unknown_modules"));
    assertThat(fieldNames(unknown.get("skipped_modules")))
        .containsExactlyInAnyOrderElementsOf(UNBUILDABLE);
    assertThat(unknown.get("passed").asInt()).isEqualTo(3);
    assertThat(r.out())
        .contains("skipped: Snake, 1 call: module Snake is not implemented by torch-parity")
        .contains("skipped: LSTM, 1 call: module LSTM is not implemented by torch-parity")
        .contains(
            "skipped: CausalConv1d, 1 call: module CausalConv1d is not implemented by"
                + " torch-parity");
  }

  /**
   * One element of {@code layer2.conv1.weight} in resnet1d's state file is changed (+0.5); that
   * weight is read by call 12 only (resnet1d_012_layer2_conv1.json refers to it by key), so check
   * names call 12 as the first divergence, and every call before it passes.
   */
  @Test
  void aWeightChangedInTheStateFileIsNamedAsTheFirstDivergence(@TempDir Path dir)
      throws IOException {
    Path copy = dir.resolve("resnet1d");
    RecordingFiles.copyFolder(RECORDINGS.resolve("resnet1d"), copy);
    RecordingFiles.addToFirstElement(
        copy.resolve("resnet1d.safetensors"), "layer2.conv1.weight", 0.5f);
    Path report = dir.resolve("report");
    Path json = dir.resolve("result.json");
    CliRunner.Result r =
        CliRunner.run(
            "check", copy.toString(), "--report", report.toString(), "--json", json.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.PARITY_FAILED);
    assertThat(r.out())
        .contains("FAIL resnet1d_012_layer2_conv1")
        .contains("  first divergence: call 12, layer2.conv1 (Conv1d)");
    assertThat(r.out().lines().filter(l -> l.startsWith("FAIL ")).toList())
        .as("only the call that reads the weight fails")
        .hasSize(1);
    JsonNode rec = new ObjectMapper().readTree(json.toFile()).get("recordings").get(0);
    assertThat(rec.get("first_divergence").get("call").asInt()).isEqualTo(12);
    assertThat(rec.get("first_divergence").get("path").asText()).isEqualTo("layer2.conv1");
    for (JsonNode row : rec.get("call_results")) {
      if (row.get("call").asInt() < 12) {
        assertThat(row.get("status").asText()).isNotEqualTo("FAIL");
      }
    }
    String md = Files.readString(report.resolve("report.md"));
    assertThat(md)
        .contains("**FAIL: first divergence: call 12, layer2.conv1 (Conv1d)**")
        .contains("| 12 | **`layer2.conv1`** | Conv1d |")
        .contains("![largest error per call](chart-resnet1d.png)");
    String html = Files.readString(report.resolve("report.html"));
    assertThat(html)
        .contains("<tr class=\"FAIL first\" id=\"rec-0-first\">")
        .contains("<a href=\"#rec-0-first\">first divergence: call 12, layer2.conv1 (Conv1d)</a>")
        .contains("data:image/png;base64,");
    byte[] png = Files.readAllBytes(report.resolve("chart-resnet1d.png"));
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void aReportFolderThatCannotBeCreatedIsBadInput(@TempDir Path dir) {
    Path report = dir.resolve("missing").resolve("report");
    CliRunner.Result r =
        CliRunner.run(
            "check",
            RECORDINGS.resolve("unknown_modules").toString(),
            "--report",
            report.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--report: the folder '" + dir.resolve("missing"));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
