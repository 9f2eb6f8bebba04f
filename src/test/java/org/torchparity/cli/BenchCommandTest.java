package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The {@code bench} command's output shape, on runs of a few tenths of a second. No timing is
 * asserted: this machine's numbers are for BENCHMARKS.md, not for tests.
 */
class BenchCommandTest {
  private static final Set<String> CASES =
      Set.of("tiny", "medium", "large", "depthwise", "dilated", "transpose", "backward");
  private static final Set<String> IMPLS = Set.of("facade", "djl", "reference", "python");

  @Test
  void jsonHasOneRowPerCaseAndImplementation() throws Exception {
    var r =
        CliRunner.run(
            "bench",
            "--json",
            "--cases",
            "tiny",
            "--impls",
            "facade,reference",
            "--seconds",
            "0.2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).as("stderr stays silent").isEmpty();
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode results = json.get("results");
    assertThat(results).hasSize(2);
    List<String> impls = new ArrayList<>();
    for (JsonNode row : results) {
      assertThat(CASES).contains(row.get("case").asText());
      assertThat(IMPLS).contains(row.get("impl").asText());
      assertThat(row.get("case").asText()).isEqualTo("tiny");
      assertThat(row.get("median_ms").asDouble()).isPositive();
      assertThat(row.get("gflops").asDouble()).isPositive();
      assertThat(row.get("min_ms").asDouble()).isPositive();
      assertThat(row.get("samples").asInt()).isGreaterThanOrEqualTo(5);
      assertThat(row.get("calls").asLong()).isPositive();
      assertThat(row.has("rss_before_mb")).isTrue();
      assertThat(row.has("rss_after_mb")).isTrue();
      impls.add(row.get("impl").asText());
    }
    assertThat(impls).containsExactly("facade", "reference");
    assertThat(json.get("extras")).isEmpty();
    assertThat(json.get("machine").get("libtorch").asText()).isEqualTo("2.7.1");
    assertThat(json.get("machine").get("cores").asInt()).isPositive();
    assertThat(json.get("rss_mb").get("end").asDouble()).isPositive();
    JsonNode ratios = json.get("ratios");
    assertThat(ratios).hasSize(1);
    assertThat(ratios.get(0).get("case").asText()).isEqualTo("tiny");
    assertThat(ratios.get(0).get("reference_vs_facade").asDouble()).isPositive();
  }

  @Test
  void extrasAndUnavailableImplementationsAreReportedApart() throws Exception {
    var r =
        CliRunner.run(
            "bench",
            "--json",
            "--cases",
            "transpose",
            "--impls",
            "djl-recipe,python",
            "--python",
            "/nonexistent/python3",
            "--seconds",
            "0.05",
            "--warmup",
            "0.05");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("results")).isEmpty();
    assertThat(json.get("extras")).isEmpty();
    List<String> missing = new ArrayList<>();
    for (JsonNode u : json.get("unavailable")) {
      assertThat(u.get("case").asText()).isEqualTo("transpose");
      assertThat(u.get("reason").asText()).isNotBlank();
      missing.add(u.get("impl").asText());
    }
    // DJL cannot run ConvTranspose1d on this engine, or this test JVM has no memory recipe;
    // the interpreter does not exist.
    assertThat(missing).containsExactlyInAnyOrder("djl-recipe", "python");
  }

  @Test
  void rawDjlRunsInAChildJvmAndPythonWhereTorchIsInstalled() throws Exception {
    var r =
        CliRunner.run(
            "bench",
            "--json",
            "--cases",
            "tiny",
            "--impls",
            "djl,python",
            "--seconds",
            "0.05",
            "--warmup",
            "0.05");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    List<String> measured = new ArrayList<>();
    for (JsonNode row : json.get("results")) {
      measured.add(row.get("impl").asText());
      assertThat(row.get("median_ms").asDouble()).isPositive();
    }
    List<String> missing = new ArrayList<>();
    for (JsonNode u : json.get("unavailable")) {
      missing.add(u.get("impl").asText());
    }
    assertThat(measured).as("unavailable: %s", json.get("unavailable")).contains("djl");
    assertThat(missing).doesNotContain("djl");
    // python3 with torch exists on the project's machine, not on every CI runner
    assertThat(measured.contains("python") || missing.contains("python")).isTrue();
  }

  @Test
  void tablePrintsRowsRatiosAndTheMachine() {
    var r =
        CliRunner.run(
            "bench",
            "--cases",
            "tiny",
            "--impls",
            "facade,facade-ndarray",
            "--seconds",
            "0.05",
            "--warmup",
            "0.05");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("median ms")
        .contains("tiny       facade ")
        .contains("tiny       facade-ndarray")
        .contains("intra-op threads")
        .contains("JVM RSS");
  }

  @Test
  void timesAndThreadsMustBeFiniteAndBounded() {
    String[][] refused = {
      // Infinity used to be accepted: 7 calls timed and reported as a median
      {"--seconds", "Infinity", "must be a finite number above 0 up to 600 but was 'Infinity'"},
      {"--seconds", "NaN", "but was 'NaN'"},
      {"--seconds", "1e999", "but was '1e999'"},
      {"--seconds", "0", "above 0 up to 600 but was '0'"},
      {"--warmup", "-0.5", "must be a finite number from 0 to 600 but was '-0.5'"},
      {"--threads", "-1", "must be an integer from 0 to 1024 but was '-1'"},
    };
    for (String[] row : refused) {
      var r = CliRunner.run("bench", row[0], row[1]);
      assertThat(r.code()).as(row[0] + " " + row[1]).isEqualTo(ExitCodes.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("option '" + row[0] + "'").contains(row[2]);
    }
  }

  @Test
  void unknownCasesAndImplementationsAreUsageErrors() {
    var r = CliRunner.run("bench", "--cases", "huge");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("option '--cases'").contains("unknown case 'huge'");
    r = CliRunner.run("bench", "--impls", "tensorflow");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("option '--impls'")
        .contains("unknown implementation 'tensorflow'");
  }
}
