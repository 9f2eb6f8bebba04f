package org.torchparity.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.torchparity.engine.TorchEngine;

/**
 * Runs one benchmark child (a JVM or the Python script) with a clean allocator environment, its
 * input on stdin and a time limit, and reads the JSON it prints last.
 */
final class ChildProcess {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChildProcess() {}

  /**
   * What a child gave: its JSON, or why there is none.
   *
   * @param json the last JSON object it printed, or {@code null}
   * @param failure why there is none, or {@code null}
   */
  record Outcome(JsonNode json, String failure) {}

  /** The java executable of this JVM, for child JVMs. */
  static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** Environment variables that change allocator behaviour; a "defaults" child gets none. */
  private static final List<String> ALLOCATOR_VARIABLES =
      List.of(
          TorchEngine.MEMORY_TUNING_ENV,
          "THP_MEM_ALLOC_ENABLE",
          "MALLOC_TRIM_THRESHOLD_",
          "MALLOC_MMAP_MAX_",
          "MALLOC_MMAP_THRESHOLD_",
          "MALLOC_TOP_PAD_",
          "GLIBC_TUNABLES",
          "LD_PRELOAD");

  static Outcome run(List<String> command, String stdin, boolean tunedMalloc, long limit) {
    Path errors = null;
    Path output = null;
    try {
      errors = Files.createTempFile("torch-parity-bench", ".err");
      output = Files.createTempFile("torch-parity-bench", ".out");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .redirectError(errors.toFile())
              .redirectOutput(output.toFile());
      Map<String, String> env = pb.environment();
      ALLOCATOR_VARIABLES.forEach(env::remove);
      if (tunedMalloc) {
        env.put("MALLOC_TRIM_THRESHOLD_", Integer.toString(Integer.MAX_VALUE));
        env.put("MALLOC_MMAP_MAX_", "0");
        env.put("THP_MEM_ALLOC_ENABLE", "1");
      }
      Process p = pb.start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      if (!p.waitFor(limit, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Outcome(null, "timed out after " + limit + " s");
      }
      String text = Files.readString(output, StandardCharsets.UTF_8).trim();
      int start = text.lastIndexOf("\n{");
      String json = start >= 0 ? text.substring(start + 1) : text;
      if (json.isEmpty() || !json.startsWith("{")) {
        return new Outcome(
            null, "exit code " + p.exitValue() + ", no JSON; stderr: " + tail(errors));
      }
      return new Outcome(JSON.readTree(json), null);
    } catch (IOException e) {
      return new Outcome(null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(null, "interrupted");
    } finally {
      delete(errors);
      delete(output);
    }
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temporary file; nothing to do
      }
    }
  }

  private static String tail(Path file) {
    try {
      String s = Files.readString(file).strip();
      s = s.length() > 400 ? "..." + s.substring(s.length() - 400) : s;
      return s.replace('\n', ' ');
    } catch (IOException e) {
      return "(unreadable)";
    }
  }
}
