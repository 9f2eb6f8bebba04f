package org.torchparity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.InvalidArgumentException;

class ModelScalingTest {
  private static int[][] shapes(String name) {
    return ModelScaling.sizes(BenchCase.parse(name).get(0)).stream()
        .map(BenchCase::inputShape)
        .toArray(int[][]::new);
  }

  @Test
  void eachModelsSweepHalvesBothAxesThenGrowsBatchLengthBatch() {
    // (B/2, L/2), (B, L/2), (B, L), (2B, L): batch*length x1/4, x1/2, x1, x2.
    // model-audio (16, 1, 16000): 16/2 = 8, 16000/2 = 8000, 2*16 = 32.
    assertThat(shapes("model-audio"))
        .isDeepEqualTo(new int[][] {{8, 1, 8000}, {16, 1, 8000}, {16, 1, 16000}, {32, 1, 16000}});
    // model-resnet (32, 12, 1000): 16, 500, 64.
    assertThat(shapes("model-resnet"))
        .isDeepEqualTo(new int[][] {{16, 12, 500}, {32, 12, 500}, {32, 12, 1000}, {64, 12, 1000}});
    // model-separation (4, 1, 32000): 2, 16000, 8.
    assertThat(shapes("model-separation"))
        .isDeepEqualTo(new int[][] {{2, 1, 16000}, {4, 1, 16000}, {4, 1, 32000}, {8, 1, 32000}});
  }

  @Test
  void everySizeIsValidForItsModel() {
    for (BenchCase c : BenchCase.MODELS) {
      for (BenchCase size : ModelScaling.sizes(c)) {
        assertThat(size.name()).isEqualTo(c.name());
        int[] out = size.outputShape();
        assertThat(out[0]).as("%s batch", size.inputShape()[0]).isEqualTo(size.inputShape()[0]);
        for (int d : out) {
          assertThat(d).as("%s output %s", c.name(), List.of(out)).isPositive();
        }
      }
    }
  }

  @Test
  void aSizeTooShortForTheModelIsRefusedByName() {
    BenchCase audio = BenchCase.parse("model-audio").get(0);
    // Half of 13000 is 6500, below the 6848 samples M5's pooling chain needs (ModelCasesTest).
    BenchCase shortAudio =
        new BenchCase("model-audio", audio.spec(), new int[] {2, 1, 13000}, false, "");
    assertThatThrownBy(() -> ModelScaling.sizes(shortAudio))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("model-audio")
        .hasMessageContaining("6500");
  }

  @Test
  void theVerdictIsFlatWithinOneAndAHalf() {
    // 1.4 / 1.0 = 1.4 <= 1.5: flat; 2.0 / 1.0 = 2: not flat.
    Map<String, Object> flat =
        ModelScaling.verdictRow(
            "m", "i", List.of(Map.of("ns_per_element", 1.0), Map.of("ns_per_element", 1.4)));
    assertThat(flat)
        .containsEntry("kind", "model_verdict")
        .containsEntry("ns_per_element_max_over_min", 1.4)
        .containsEntry("verdict", "flat");
    Map<String, Object> steep =
        ModelScaling.verdictRow(
            "m", "i", List.of(Map.of("ns_per_element", 2.0), Map.of("ns_per_element", 1.0)));
    assertThat(steep).containsEntry("ns_per_element_max_over_min", 2.0);
    assertThat((String) steep.get("verdict")).isEqualTo("not flat");
  }

  @Test
  void aRunWithAModelCaseAndScalingAddsModelRowsToTheJson() {
    BenchCase resnet = BenchCase.parse("model-resnet").get(0);
    BenchCase tiny = new BenchCase("model-resnet", resnet.spec(), new int[] {4, 12, 32}, false, "");
    BenchRun.Scaling conv =
        new BenchRun.Scaling(4, 1, new int[] {8, 8, 8, 8}, 8, new int[] {1, 1, 1, 1});
    BenchReport report =
        BenchRun.run(
            new BenchRun.Options(
                List.of(tiny), List.of("facade-ndarray"), 0.01, 0.0, 0, "", conv, false),
            null);
    List<Map<String, Object>> rows = report.scaling();
    // The Conv1d sweep times only facade and reference, neither asked for here.
    assertThat(rows).hasSize(5);
    List<Map<String, Object>> model = rows.subList(0, 4);
    assertThat(model).extracting(m -> m.get("kind")).containsOnly("model");
    assertThat(model).extracting(m -> m.get("size_factor")).containsExactly(0.25, 0.5, 1.0, 2.0);
    int[][] expected = {{2, 12, 16}, {4, 12, 16}, {4, 12, 32}, {8, 12, 32}};
    for (int i = 0; i < 4; i++) {
      Map<String, Object> m = model.get(i);
      assertThat(m)
          .containsEntry("case", "model-resnet")
          .containsEntry("impl", "facade-ndarray")
          .containsKeys("peak_rss_mb", "peak_rss_scope");
      assertThat((int[]) m.get("input_shape")).containsExactly(expected[i]);
      double ms = (Double) m.get("median_ms");
      assertThat(ms).isPositive();
      assertThat((Double) m.get("ms_per_sample")).isCloseTo(ms / expected[i][0], within(ms));
      assertThat((Double) m.get("ns_per_element"))
          .isCloseTo(ms * 1e6 / (expected[i][0] * expected[i][2]), within(ms * 1e6));
      assertThat((Double) m.get("peak_rss_mb")).isPositive();
    }
    assertThat(rows.get(4))
        .containsEntry("kind", "model_verdict")
        .containsEntry("case", "model-resnet")
        .containsEntry("impl", "facade-ndarray");
    assertThat((Double) rows.get(4).get("ns_per_element_max_over_min")).isGreaterThanOrEqualTo(1);
    assertThat(report.toJsonString()).contains("\"kind\":\"model\"");
  }

  private static org.assertj.core.data.Offset<Double> within(double value) {
    // Row.round keeps 6 significant digits.
    return org.assertj.core.data.Offset.offset(Math.abs(value) * 1e-5);
  }
}
