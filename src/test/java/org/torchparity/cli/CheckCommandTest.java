package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  private static final String HAND_EDITED = "src/test/resources/cases/hand-edited";
  private static final String BROKEN = "src/test/resources/cases/broken";

  @Test
  void readsHandEditedFilesItDidNotWrite() {
    CliRunner.Result r = CliRunner.run("check", HAND_EDITED);
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("PASS notebook_args_as_lists ")
        .contains("PASS notebook_nan_input ")
        .contains("PASS notebook_minimal_keys ")
        .contains("PASS notebook_pretty_printed ")
        .endsWith("4 passed, 0 failed, 0 skipped\n");
  }

  @Test
  void aWrongOutputFailsWithExitThreeAndTheWorstIndex(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("result.json");
    CliRunner.Result r = CliRunner.run("check", BROKEN, "--json", json.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.PARITY_FAILED);
    assertThat(r.out())
        .contains("FAIL notebook_wrong_output  engine 1.00e+00  reference 1.00e+00")
        .contains("worst at (0, 0, 1): actual 5.0 expected 6.0")
        .contains("SKIP notebook_unknown_module  module Conv3d is not implemented")
        .endsWith("0 passed, 1 failed, 1 skipped\n");
    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertThat(result.get("failed").asInt()).isEqualTo(1);
    assertThat(result.get("cases")).hasSize(2);
  }

  @Test
  void aMissingPathIsAUsageError() {
    CliRunner.Result r = CliRunner.run("check", "no/such/dir");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no such file or directory: 'no/such/dir'");
  }

  @Test
  void aFileThatIsNotACaseFileIsBadInputNotAFailedCase() {
    CliRunner.Result r = CliRunner.run("check", "README.md");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).as("nothing ran").isEmpty();
    assertThat(r.err())
        .startsWith(
            "torch-parity: error: not a torch-parity-case/2 file: README.md: not valid JSON")
        .doesNotContain("--verbose");
  }

  @Test
  void aFolderWithoutCaseFilesIsBadInput(@TempDir Path dir) {
    CliRunner.Result r = CliRunner.run("check", dir.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no case files (*.json) under '" + dir + "'; nothing to check");
  }

  @Test
  void jsonIntoAMissingFolderIsRefusedAndNothingIsCreated(@TempDir Path dir) {
    Path json = dir.resolve("no").resolve("such").resolve("result.json");
    CliRunner.Result r = CliRunner.run("check", HAND_EDITED, "--json", json.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).as("refused before any case ran").isEmpty();
    assertThat(r.err())
        .contains("--json: the folder '" + json.getParent() + "' does not exist")
        .contains("see 'torch-parity check --help'");
    assertThat(dir.resolve("no")).doesNotExist();
  }

  @Test
  void jsonThroughASymbolicLinkIsRefused(@TempDir Path dir) throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "untouched");
    Path json = Files.createSymbolicLink(dir.resolve("result.json"), outside);
    CliRunner.Result r = CliRunner.run("check", HAND_EDITED, "--json", json.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--json: '" + json + "' is a symbolic link");
    assertThat(Files.readString(outside)).isEqualTo("untouched");
  }

  /**
   * Every committed PyTorch case passes or, for the modules torch-parity does not implement, SKIPs
   * naming the module: the case files under parity-tests/cases (529 before the module families) and
   * the 2 state-dict cases under parity-tests/state_dicts; 4 of them (in cases/unimplemented and
   * the recording's GELU call) use BatchNorm1d, GroupNorm or GELU.
   */
  @Test
  void theCommittedPyTorchCasesAllPassOrSkipAnUnimplementedModule() throws Exception {
    long caseFiles;
    try (Stream<Path> files = Files.walk(Path.of("parity-tests"))) {
      caseFiles = files.filter(f -> f.toString().endsWith(".json")).count();
    }
    // 531 before the layer family; each module family adds its groups (pooling: 101).
    assertThat(caseFiles).as("case files under parity-tests/").isGreaterThanOrEqualTo(632);
    CliRunner.Result r = CliRunner.run("check", "parity-tests/");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.stream().filter(l -> l.startsWith("PASS ")).count()).isEqualTo(caseFiles - 4);
    assertThat(
            lines.stream()
                .filter(l -> l.startsWith("SKIP "))
                .map(l -> l.split(" ", 3)[2].replaceFirst(" \\(it has .*", "")))
        .containsExactlyInAnyOrder(
            " module GELU is not implemented by torch-parity",
            " module BatchNorm1d is not implemented by torch-parity",
            " module GroupNorm is not implemented by torch-parity",
            " module GELU is not implemented by torch-parity");
    assertThat(lines.stream().filter(l -> l.startsWith("SKIP ")).map(l -> l.split(" ")[1]))
        .containsExactlyInAnyOrder(
            "tiny_residual_06_gelu",
            "BatchNorm1d_train_running_stats",
            "GroupNorm_groups2_f64",
            "Sequential_conv_gelu_conv_f32");
    assertThat(r.out())
        .doesNotContain("FAIL")
        .contains("recording tiny_residual: 8 calls in call order")
        .contains("  call 6  SKIP   gelu (GELU)")
        .contains("  no divergence")
        .endsWith((caseFiles - 4) + " passed, 0 failed, 4 skipped\n");
  }

  @Test
  void aCaseOverTheBudgetIsSkippedWithItsCost() {
    // parity-tests/cases/notebook/notebook_dual_conv.json: Conv1d(2, 1, 2) on (1, 2, 3), with
    // gradients. Forward: 1 * 1 * 2 outputs * (2 * 2) taps = 8 multiply-adds; backward: 8 for
    // grad_input and 8 for grad_weight; 8 + 16 = 24, over a budget of 4.
    CliRunner.Result r =
        CliRunner.run(
            "check",
            "parity-tests/cases/notebook/notebook_dual_conv.json",
            "--max-multiply-adds",
            "4");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("SKIP notebook_dual_conv")
        .contains("over the budget: Conv1d forms 24 multiply-adds, more than the budget of 4")
        .contains("0 passed, 0 failed, 1 skipped");
  }
}
