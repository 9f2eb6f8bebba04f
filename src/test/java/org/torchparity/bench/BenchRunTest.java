package org.torchparity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.InvalidArgumentException;

class BenchRunTest {
  @Test
  void scalingSweepsBothAxesAndReportsGrowth() {
    BenchRun.Scaling small =
        new BenchRun.Scaling(4, 2, new int[] {16, 64, 256, 1024}, 64, new int[] {1, 2, 4, 8});
    BenchReport report =
        BenchRun.run(
            new BenchRun.Options(
                List.of(), List.of("facade", "reference"), 0.01, 0.01, 0, "", small, false),
            null);
    List<Map<String, Object>> rows = report.scaling();
    assertThat(rows).hasSize(16);
    assertThat(rows).extracting(m -> m.get("axis")).containsOnly("length", "batch");
    assertThat(rows.get(0)).containsEntry("impl", "facade").containsEntry("value", 16);
    assertThat(rows.get(0).get("growth")).isNull();
    assertThat((Double) rows.get(1).get("growth")).isPositive();
    assertThat(rows.get(1)).containsEntry("size_growth", 4.0);
    assertThat(report.toJson()).containsKey("scaling");
  }

  @Test
  void casesCountTheirWork() {
    BenchCase large = BenchCase.parse("large").get(0);
    assertThat(large.flops()).isEqualTo(2.0 * 32 * 64 * 4094 * 64 * 3);
    BenchCase backward = BenchCase.parse("backward").get(0);
    assertThat(backward.flops()).isEqualTo(2 * large.flops());
    BenchCase transpose = BenchCase.parse("transpose").get(0);
    assertThat(transpose.outputShape()).containsExactly(32, 64, 4096);
    assertThat(transpose.forwardMacs()).isEqualTo(32L * 64 * 2048 * 64 * 4);
    assertThat(BenchCase.parse("all")).hasSize(7);
    assertThat(BenchCase.parse("large, tiny"))
        .extracting(BenchCase::name)
        .containsExactly("tiny", "large");
    assertThatThrownBy(() -> BenchCase.parse("huge")).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void harnessReportsTheMedianOfBatches() {
    int[] calls = {0};
    Workload w =
        new Workload() {
          @Override
          public void call() {
            calls[0]++;
          }

          @Override
          public void close() {}
        };
    Harness.Timing t = Harness.measure(List.of(w), 0.01, 0.02).get(0);
    assertThat(t.samples()).isGreaterThanOrEqualTo(Harness.MIN_SAMPLES);
    assertThat(t.calls()).isEqualTo(calls[0]);
    assertThat(t.medianMs()).isGreaterThanOrEqualTo(t.minMs());
    assertThat(Harness.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
    assertThat(org.torchparity.engine.ProcessMemory.rssMegabytes()).isPositive();
  }
}
