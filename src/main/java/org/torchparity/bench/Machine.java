package org.torchparity.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.torchparity.engine.EngineInfo;

/** The machine a run measured on, for the report's header (moved out of {@link BenchRun}). */
final class Machine {
  private Machine() {}

  /**
   * Describes this machine and engine.
   *
   * @param info the engine
   * @param threads libtorch's intra-op threads
   * @return CPU, cores, OS, Java, DJL, libtorch, threads, memory recipe and date
   */
  static Map<String, Object> describe(EngineInfo info, int threads) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("djl", info.djlVersion());
    m.put("libtorch", info.libtorchVersion());
    m.put("intra_op_threads", threads);
    m.put("memory_tuning", info.memoryTuning());
    m.put("date", java.time.ZonedDateTime.now().withNano(0).toString());
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
