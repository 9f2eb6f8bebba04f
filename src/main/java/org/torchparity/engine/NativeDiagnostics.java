package org.torchparity.engine;

import ai.djl.util.Utils;
import java.nio.file.Path;

/** Turns a failed libtorch start into one message that says what to do next. */
final class NativeDiagnostics {
  private NativeDiagnostics() {}

  static EngineUnavailableException explain(Throwable failure) {
    Path cache;
    try {
      cache = Utils.getEngineCacheDir("pytorch");
    } catch (RuntimeException e) {
      cache = null;
    }
    String chain = describeChain(failure);
    String override = Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH");
    StringBuilder m =
        new StringBuilder("libtorch could not be started: ").append(chain).append(". ");
    if (override != null) {
      m.append("PYTORCH_LIBRARY_PATH is set to '")
          .append(override)
          .append("': it must name the lib directory of a libtorch 2.7.1 build (holding ")
          .append(System.mapLibraryName("torch"))
          .append("); unset it to use the bundled CPU natives.");
    } else if (chain.contains("Offline mode") || chain.contains("Failed to download")) {
      m.append(
          "The libtorch natives are not on the classpath and offline mode forbids downloading"
              + " them. Put ai.djl.pytorch:pytorch-native-cpu:2.7.1 (with your platform's"
              + " classifier) and ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0 on the classpath (the"
              + " build copies them to target/lib), or set PYTORCH_LIBRARY_PATH to a libtorch"
              + " 2.7.1 lib directory.");
    } else {
      m.append("The native cache may be damaged: delete ")
          .append(cache == null ? "DJL's PyTorch cache directory" : cache.toString())
          .append(
              " and run again; it is re-extracted from the pytorch-native-cpu jar on the"
                  + " classpath (set DJL_CACHE_DIR to use another directory).");
    }
    return new EngineUnavailableException(m.toString(), failure);
  }

  private static String describeChain(Throwable failure) {
    StringBuilder s = new StringBuilder();
    Throwable t = failure;
    for (int depth = 0; t != null && depth < 5; depth++, t = t.getCause()) {
      if (s.length() > 0) {
        s.append(" <- ");
      }
      s.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        s.append(": ").append(t.getMessage());
      }
    }
    return s.toString();
  }
}
