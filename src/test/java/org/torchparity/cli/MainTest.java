package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.torchparity.engine.TorchEngine;

class MainTest {
  @Test
  void withoutACommandItPrintsOneLineAndExitsTwo() {
    CliRunner.Result r = CliRunner.run();
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "torch-parity: no command given; see 'torch-parity --help' (commands: notebook,"
                + " info, check, sweep, soak, bench, weights)\n");
  }

  @Test
  void aTypoIsOneLineAndAPointerToTheHelpNotTheUsageText() {
    CliRunner.Result r = CliRunner.run("sweep", "--cont", "5");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines())
        .containsExactly(
            "torch-parity: error: Unknown options: '--cont', '5' (did you mean --count?)",
            "see 'torch-parity sweep --help'");

    r = CliRunner.run("chek", "parity-tests");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("(did you mean check").doesNotContain("Usage:");
    assertThat(r.err().lines()).hasSize(2);
  }

  @Test
  void theVerboseHintFollowsInternalErrorsOnly() {
    CliRunner.Result typo = CliRunner.run("info", "--device", "tpu");
    assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(typo.err()).doesNotContain("--verbose");

    CliRunner.Result internal = CliRunner.run("info", "--device", "cuda:0");
    assumeTrue(internal.code() == ExitCodes.INTERNAL_ERROR, "this libtorch has CUDA and a device");
    assertThat(internal.err())
        .endsWith("(run again with --verbose for the stack trace)\n")
        .doesNotContain("\tat ");
    CliRunner.Result verbose = CliRunner.run("info", "--device", "cuda:0", "--verbose");
    assertThat(verbose.err()).contains("\tat ").doesNotContain("run again with --verbose");
  }

  @Test
  void theToolRunsOfflineUnlessTheUserDecided() {
    assumeTrue(System.getenv("DJL_OFFLINE") == null, "DJL_OFFLINE is set in this environment");
    String key = "ai.djl.offline";
    String saved = System.getProperty(key);
    try {
      System.clearProperty(key);
      Main.chooseOffline();
      assertThat(System.getProperty(key)).isEqualTo("true");
      System.setProperty(key, "false");
      Main.chooseOffline();
      assertThat(System.getProperty(key)).as("an explicit choice wins").isEqualTo("false");
    } finally {
      if (saved == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, saved);
      }
    }
  }

  @Test
  void theToolRequestsTheMemoryRecipeUnlessTheUserDecided() {
    assumeTrue(
        System.getenv(TorchEngine.MEMORY_TUNING_ENV) == null,
        TorchEngine.MEMORY_TUNING_ENV + " is set in this environment");
    String key = TorchEngine.MEMORY_TUNING_PROPERTY;
    String saved = System.getProperty(key);
    try {
      System.clearProperty(key);
      Main.requestMemoryTuning();
      assertThat(System.getProperty(key)).isEqualTo("true");

      System.setProperty(key, "false");
      Main.requestMemoryTuning();
      assertThat(System.getProperty(key)).as("an explicit choice wins").isEqualTo("false");
    } finally {
      if (saved == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, saved);
      }
    }
  }
}
