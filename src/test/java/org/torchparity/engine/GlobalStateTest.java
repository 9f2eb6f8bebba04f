package org.torchparity.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the library leaves behind in a JVM it runs in, each case in a fresh child JVM because the
 * engine starts once per process: DJL's {@code ai.djl.offline} as it found it, and nothing on
 * stderr but SLF4J's own notice when the application has no SLF4J binding.
 */
class GlobalStateTest {
  /** 1*1 + 2*1 = 3 and 2*1 + 3*1 = 5: the notebook's first forward. */
  private static final String FORWARD = "forward=[3.0, 5.0]";

  @Test
  void anUnsetOfflinePropertyIsUnsetAgainAfterStartUpAndStderrHasOnlySlf4jsNotice()
      throws Exception {
    // The classpath a library user has: no SLF4J binding, no picocli.
    Result r = probe(classpathWithout("slf4j-simple", "picocli"), List.of());
    assertThat(r.out)
        .contains("before=null")
        .contains("after=null")
        .contains("started offline=true")
        .contains(FORWARD);
    List<String> stderr = r.err.lines().toList();
    assertThat(stderr).as(r.err).isNotEmpty().allMatch(line -> line.startsWith("SLF4J(W): "));
    assertThat(r.err).contains("No SLF4J providers were found");
  }

  @Test
  void aUsersChoiceIsKeptEitherWay() throws Exception {
    // Also: the documented way to silence SLF4J's notice without a binding leaves stderr empty.
    Result on =
        probe(
            classpathWithout("slf4j-simple", "picocli"),
            List.of("-Dai.djl.offline=true", "-Dslf4j.internal.verbosity=ERROR"));
    assertThat(on.out).contains("before=true").contains("after=true").contains(FORWARD);
    assertThat(on.err).isEmpty();
    Result off = probe(System.getProperty("java.class.path"), List.of("-Dai.djl.offline=false"));
    assertThat(off.out)
        .contains("before=false")
        .contains("after=false")
        .contains("started offline=false")
        .contains(FORWARD);
  }

  @Test
  void withAnSlf4jBindingPresentOnlyDjlsOwnLogLinesReachStderr() throws Exception {
    // A user's application with a binding (slf4j-simple at its default level, INFO): torch-parity
    // itself logs nothing; what reaches stderr is DJL's own start-up logging (its platform and
    // thread-count INFO lines, and on machines with a CUDA runtime library but no usable driver,
    // as this one, a WARN while it detects the platform).
    Result r = probe(classpathWithout("picocli"), List.of());
    assertThat(r.out).contains(FORWARD);
    assertThat(r.err.lines())
        .as(r.err)
        .allMatch(line -> line.matches("\\[main\\] (INFO|WARN) ai\\.djl\\..*"));
    // The binding's own configuration silences them, as for any library's logging.
    Result quiet =
        probe(classpathWithout("picocli"), List.of("-Dorg.slf4j.simpleLogger.log.ai.djl=off"));
    assertThat(quiet.out).contains(FORWARD);
    assertThat(quiet.err).isEmpty();
  }

  @Test
  void withTheNopBindingAUsersApplicationPrintsNothingOnStderr() throws Exception {
    // What docs/hardening.md tells a library user who wants a silent stderr: add slf4j-nop
    // (copied to target/test-bindings by the build). Engine start-up and a forward pass then
    // print nothing at all.
    Path nop;
    try (var files = Files.list(Path.of("target", "test-bindings"))) {
      nop =
          files
              .filter(f -> f.getFileName().toString().startsWith("slf4j-nop"))
              .findFirst()
              .orElseThrow();
    }
    Result r =
        probe(
            classpathWithout("slf4j-simple", "picocli") + File.pathSeparator + nop.toAbsolutePath(),
            List.of());
    assertThat(r.out).contains(FORWARD);
    assertThat(r.err).isEmpty();
  }

  private record Result(int code, String out, String err) {}

  private static Result probe(String classpath, List<String> properties)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(properties);
    command.add("-cp");
    command.add(classpath);
    command.add(GlobalStateProbe.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("DJL_OFFLINE");
    builder.environment().remove("PYTORCH_LIBRARY_PATH");
    // With offline mode off DJL would probe the EC2 metadata address for telemetry (up to three
    // one-second time-outs); the user's opt-out keeps the test fast without touching the property.
    builder.environment().put("OPT_OUT_TRACKING", "true");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(out + err).isZero();
    return new Result(process.exitValue(), out, err);
  }

  private static String classpathWithout(String... artifacts) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> Arrays.stream(artifacts).noneMatch(entry::contains))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
