package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.io.StateDictFile;

/**
 * {@code weights show} and {@code weights convert} on PyTorch-written files: the listing, key
 * paths, conversions that keep every bit, and hostile or unsuitable files refused with exit 2 and
 * one line on stderr.
 */
class WeightsCommandTest {
  private static final String DIR = "src/test/resources/torch-save/";

  @Test
  void showListsKeysDtypesShapesBytesAndTheParameterTotal() {
    CliRunner.Result r = CliRunner.run("weights", "show", DIR + "sequential.pt");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    // Conv1d(2, 3, 3): weight 3*2*3 = 18, bias 3; Conv1d(3, 2, 1): weight 2*3*1 = 6, bias 2;
    // 29 float32 parameters of 4 bytes = 116 bytes
    assertThat(r.out())
        .isEqualTo(
            DIR
                + "sequential.pt: 4 tensors (pt)\n"
                + "key       dtype    shape      bytes\n"
                + "0.weight  float32  [3, 2, 3]     72\n"
                + "0.bias    float32  [3]           12\n"
                + "2.weight  float32  [2, 3, 1]     24\n"
                + "2.bias    float32  [2]            8\n"
                + "total: 29 parameters, 116 bytes\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void showFollowsAKeyPathIntoACheckpoint() {
    CliRunner.Result r =
        CliRunner.run("weights", "show", DIR + "checkpoint.pt", "--key", "nested.a.b");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .startsWith(DIR + "checkpoint.pt, key path 'nested.a.b': 2 tensors (pt)\n")
        .contains("w    float32  [2]        8\n", "b    int32    [1]        4\n")
        .endsWith("total: 3 parameters, 12 bytes\n");
  }

  @Test
  void aCheckpointWithoutAKeyIsRefusedInOneLineWithTheKeysThatWork() {
    CliRunner.Result r = CliRunner.run("weights", "show", DIR + "checkpoint.pt");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).startsWith("torch-parity: error: " + DIR + "checkpoint.pt: the file holds");
    assertThat(r.err()).contains("pick one with a key path (--key): model");
  }

  @Test
  void convertKeepsEveryDtypeBitForBitThroughSafetensorsAndBack(@TempDir Path dir) {
    Path safetensors = dir.resolve("dtypes.safetensors");
    Path pt = dir.resolve("back.pt");
    CliRunner.Result r =
        CliRunner.run("weights", "convert", DIR + "dtypes.pt", safetensors.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).startsWith("wrote " + safetensors + ": 11 tensors");
    assertThat(CliRunner.run("weights", "convert", safetensors.toString(), pt.toString()).code())
        .isEqualTo(ExitCodes.OK);
    assertThat(StateDictFile.readStored(pt))
        .containsExactlyEntriesOf(StateDictFile.readStored(Path.of(DIR + "dtypes.pt")));
  }

  @Test
  void convertToNpzRefusesBfloat16InOneLine(@TempDir Path dir) {
    CliRunner.Result r =
        CliRunner.run("weights", "convert", DIR + "dtypes.pt", dir.resolve("x.npz").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines().toList()).hasSize(1);
    assertThat(r.err()).contains("numpy has no bfloat16 dtype");
  }

  @Test
  void convertWithAKeyPathWritesThatStateDictOnly(@TempDir Path dir) {
    Path out = dir.resolve("model.npz");
    CliRunner.Result r =
        CliRunner.run(
            "weights", "convert", DIR + "checkpoint.pt", out.toString(), "--key", "model");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
    assertThat(StateDictFile.readStored(out).keySet())
        .containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
  }

  @Test
  void hostileFilesExitTwoWithOneLineOnStderr() {
    for (String name :
        new String[] {"os_system.pt", "zip_bomb.pt", "deep_lists.pt", "entry_leaves_archive.pt"}) {
      String file = DIR + "hostile/" + name;
      for (String[] args :
          new String[][] {{"weights", "show", file}, {"weights", "convert", file, "x.npz"}}) {
        CliRunner.Result r = CliRunner.run(args);
        assertThat(r.code()).as(name + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().toList()).as(name).hasSize(1);
        assertThat(r.err()).startsWith("torch-parity: error: " + file);
        assertThat(r.out()).isEmpty();
      }
    }
    assertThat(Path.of("x.npz")).doesNotExist();
  }
}
