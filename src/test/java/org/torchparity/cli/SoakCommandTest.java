package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A reduced soak: the full 1,000,000-call run's numbers are in issue 8's closing note. */
class SoakCommandTest {
  /**
   * Runs in a child JVM with a fixed heap, as the CLI would run: in the test JVM the heap grows and
   * shrinks with whatever ran before, and RSS would measure that, not native memory.
   */
  @Test
  void mixedCallsDoNotGrowResidentMemory() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(),
                "-Xms256m",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "soak",
                "--calls",
                "10000",
                "--warmup",
                "10000",
                "--seed",
                "7",
                "--json")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(out).isZero();
    JsonNode json = new ObjectMapper().readTree(out);
    assertThat(json.get("calls").asLong()).isEqualTo(10000);
    assertThat(json.has("rss_start_mb")).isTrue();
    assertThat(json.has("rss_end_mb")).isTrue();
    // The same bound the 1,000,000-call run must meet; a leak of even 1 KB per call would
    // exceed it here only at ~20,000 calls, so this catches larger leaks, the full run the rest.
    assertThat(json.get("rss_growth_mb").asDouble()).isLessThan(20);
    // 20 re-creation cycles x 6 workload modules (5 convolutions and one Sequential tree).
    assertThat(json.get("layers_created").asLong()).isEqualTo(120);
  }

  @Test
  void refusesCountsOutOfRangeBeforeRunning() {
    String[][] refused = {
      {"--calls", "0", "must be an integer from 1 to 100000000 but was '0'"},
      // warm-up + calls used to overflow to a negative total: nothing ran, "growth 0.0", exit 0
      {"--calls", "9223372036854775807", "to 100000000 but was '9223372036854775807'"},
      {"--warmup", "-1", "must be an integer from 0 to 100000000 but was '-1'"},
      {"--max-rss-growth-mb", "NaN", "must be a finite number from 0 to 1048576 but was 'NaN'"},
      {"--max-rss-growth-mb", "-5", "from 0 to 1048576 but was '-5'"},
    };
    for (String[] row : refused) {
      CliRunner.Result r = CliRunner.run("soak", row[0], row[1]);
      assertThat(r.code()).as(row[0] + " " + row[1]).isEqualTo(ExitCodes.USAGE);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).contains("option '" + row[0] + "'").contains(row[2]);
    }
  }

  @Test
  void growthPastTheThresholdIsAFailingVerdictWithExitThree() throws Exception {
    CliRunner.Result r =
        soakWithRss(
            new double[] {500, 500, 503.1, 503.1},
            "--calls",
            "10",
            "--warmup",
            "0",
            "--max-rss-growth-mb",
            "3",
            "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.PARITY_FAILED);
    JsonNode json = new ObjectMapper().readTree(r.out());
    // 503.1 - 500 = 3.1 MiB > 3
    assertThat(json.get("rss_growth_mb").asDouble()).isEqualTo(3.1);
    assertThat(json.get("verdict").asText()).isEqualTo("FAIL rss growth 3.1 MB > threshold 3 MB");
  }

  @Test
  void growthWithinTheThresholdPassesWithAVerdictLine() {
    CliRunner.Result r =
        soakWithRss(new double[] {500, 500, 503.1, 503.1}, "--calls", "10", "--warmup", "0");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("rss_growth_mb:   3.1")
        .endsWith("verdict:         PASS rss growth 3.1 MB <= threshold 64 MB\n");
  }

  @Test
  void aSystemWithoutRssReadingsIsRefusedBeforeRunning() {
    CliRunner.Result r = soakWithRss(new double[] {-1}, "--calls", "10");
    assertThat(r.code()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("/proc/self/status").contains("nothing was run");
  }

  /** Runs soak in-process with RSS readings taken from {@code readings}, the last repeated. */
  static CliRunner.Result soakWithRss(double[] readings, String... args) {
    int[] next = {0};
    return CliRunner.run(
        cli -> {
          SoakCommand soak = cli.getSubcommands().get("soak").getCommand();
          soak.rss = () -> readings[Math.min(next[0]++, readings.length - 1)];
        },
        concat("soak", args));
  }

  private static String[] concat(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
