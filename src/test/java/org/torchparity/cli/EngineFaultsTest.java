package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engine faults, each in a child JVM (libtorch loads once per process): a clear one-line message,
 * exit code 1, and the stack trace only with {@code --verbose}. CUDA without CUDA is covered
 * in-process by {@link NotebookCommandTest}.
 */
class EngineFaultsTest {

  @Test
  void nativesMissingFromTheClasspathInOfflineMode(@TempDir Path cache) throws Exception {
    String classpath = classpathWithout("pytorch-native-cpu");
    Result r = runCli(classpath, Map.of(), "-DENGINE_CACHE_DIR=" + cache, "info");
    assertThat(r.code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(r.err)
        .startsWith("torch-parity: error: libtorch could not be started:")
        .contains("Offline mode is enabled")
        .contains("offline mode forbids downloading them")
        .contains("ai.djl.pytorch:pytorch-native-cpu:2.7.1")
        .contains("(run again with --verbose for the stack trace)")
        .doesNotContain("\tat ");
    Result verbose =
        runCli(classpath, Map.of(), "-DENGINE_CACHE_DIR=" + cache, "info", "--verbose");
    assertThat(verbose.code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(verbose.err).contains("EngineUnavailableException").contains("\tat ");
  }

  @Test
  void aDamagedNativeCacheIsRefusedBeforeLoadingIt(@TempDir Path cache) throws Exception {
    // What an interrupted copy leaves: DJL would reuse this directory because libtorch.so exists,
    // and dlopen of the truncated libtorch_cpu.so would kill the JVM with SIGBUS.
    Path dir = cache.resolve("pytorch").resolve("2.7.1-20250812-cpu-linux-x86_64");
    Files.createDirectories(dir);
    for (String file : List.of("libtorch.so", "libtorch_cpu.so", "libc10.so")) {
      Files.write(dir.resolve(file), new byte[1000]);
    }
    Result r =
        runCli(
            System.getProperty("java.class.path"), Map.of(), "-DENGINE_CACHE_DIR=" + cache, "info");
    assertThat(r.code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(r.err)
        .startsWith("torch-parity: error: the native cache is damaged: " + dir)
        .contains("has 1000 bytes but the bundled copy has")
        .contains("Delete " + dir + " and run again")
        .doesNotContain("\tat ");
  }

  @Test
  void aLibraryPathWithoutLibtorchIsRefusedRatherThanIgnored(@TempDir Path empty) throws Exception {
    Result r =
        runCli(
            System.getProperty("java.class.path"),
            Map.of("PYTORCH_LIBRARY_PATH", empty.toString()),
            "-Dignored=1",
            "notebook");
    assertThat(r.code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(r.out).isEmpty();
    assertThat(r.err)
        .startsWith(
            "torch-parity: error: PYTORCH_LIBRARY_PATH is '"
                + empty
                + "' but no directory in it holds libtorch.so; DJL would ignore it")
        .doesNotContain("\tat ");
  }

  private record Result(int code, String out, String err) {}

  private static Result runCli(
      String classpath, Map<String, String> env, String property, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(property);
    command.add("-cp");
    command.add(classpath);
    command.add(Main.class.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("PYTORCH_LIBRARY_PATH");
    builder.environment().putAll(env);
    Process process = builder.start();
    var out = process.getInputStream();
    var err = process.getErrorStream();
    String stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return new Result(process.exitValue(), stdout, stderr);
  }

  private static String classpathWithout(String artifact) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.contains(artifact))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
