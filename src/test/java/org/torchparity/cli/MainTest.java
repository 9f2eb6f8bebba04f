package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.torchparity.engine.TorchEngine;

class MainTest {
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
