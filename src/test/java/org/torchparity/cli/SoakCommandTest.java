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
    assertThat(json.get("layers_created").asLong()).isEqualTo(100);
  }

  @Test
  void refusesANonPositiveCallCount() {
    CliRunner.Result r = CliRunner.run("soak", "--calls", "0");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--calls must be at least 1 and --warmup at least 0 but were 0");
  }
}
