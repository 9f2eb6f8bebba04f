package org.torchparity.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.torchparity.nn.Conv1d;

class IntraOpThreadsTest {
  @Test
  void smallCallsRunOnTheCallingThreadAloneAndRestoreTheCount() {
    TorchEngine.get();
    assumeTrue(IntraOpThreads.smallCallsSingleThreaded(), "OpenMP symbols not found");
    int saved = JniUtils.getNumThreads();
    try {
      JniUtils.setNumThreads(2);
      assertThat(IntraOpThreads.run(IntraOpThreads.SMALL_CALL_MACS - 1, JniUtils::getNumThreads))
          .isEqualTo(1);
      assertThat(JniUtils.getNumThreads()).as("restored").isEqualTo(2);
      assertThat(IntraOpThreads.run(IntraOpThreads.SMALL_CALL_MACS, JniUtils::getNumThreads))
          .isEqualTo(2);
      try (Conv1d conv = Conv1d.of(2, 1, 2)) {
        conv.forward(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
      }
      assertThat(JniUtils.getNumThreads()).as("after a tiny forward").isEqualTo(2);
      assertThat(TorchEngine.get().info().toMap().get("intra-op threads"))
          .contains("1 for calls under 65536 multiply-adds");
    } finally {
      JniUtils.setNumThreads(saved);
    }
  }

  @Test
  void aFailingSmallCallStillRestoresTheCount() {
    TorchEngine.get();
    assumeTrue(IntraOpThreads.smallCallsSingleThreaded(), "OpenMP symbols not found");
    int saved = JniUtils.getNumThreads();
    try {
      JniUtils.setNumThreads(2);
      try {
        IntraOpThreads.run(
            1,
            () -> {
              throw new IllegalStateException("boom");
            });
      } catch (IllegalStateException expected) {
        // the point is what follows
      }
      assertThat(JniUtils.getNumThreads()).isEqualTo(2);
    } finally {
      JniUtils.setNumThreads(saved);
    }
  }
}
