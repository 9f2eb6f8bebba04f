package org.torchparity.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps large native buffers mapped between calls (Linux/glibc), applied before the first tensor.
 *
 * <p>Why: a large convolution allocates about 100 MB of fresh buffers per call, and glibc unmaps
 * them again when they are freed, so every call pays page faults on all of it; that, not compute,
 * bounds libtorch at 12–30 GFLOP/s on this project's 2-core machine. Three process-wide settings,
 * made through JNA before libtorch allocates anything, let freed memory be reused:
 *
 * <ul>
 *   <li>{@code setenv("THP_MEM_ALLOC_ENABLE", "1")}: libtorch's CPU allocator asks for transparent
 *       huge pages (it reads the variable when it starts);
 *   <li>{@code mallopt(M_TRIM_THRESHOLD, INT_MAX)}: glibc no longer returns the top of the heap;
 *   <li>{@code mallopt(M_MMAP_MAX, 0)}: large blocks come from the heap, not from fresh mmaps.
 * </ul>
 *
 * The cost: the process keeps its peak native memory (RSS does not shrink after a large call). So
 * the library applies it only on request ({@code -Dtorchparity.memoryTuning=true} or {@code
 * TORCHPARITY_MEMORY_TUNING=1}); the command-line tool requests it unless either is set. Done after
 * the first allocation it has no effect, which is why it runs in engine start-up before DJL loads.
 */
final class NativeMemoryTuning {
  /** System property that requests the tuning. */
  static final String PROPERTY = "torchparity.memoryTuning";

  /** Environment variable that requests it when the property is unset. */
  static final String ENV = "TORCHPARITY_MEMORY_TUNING";

  private static final Logger LOG = LoggerFactory.getLogger(NativeMemoryTuning.class);
  private static final int M_TRIM_THRESHOLD = -1;
  private static final int M_MMAP_MAX = -4;

  private NativeMemoryTuning() {}

  /**
   * Applies the tuning when requested.
   *
   * @return what it did, as the {@code info} command prints it
   */
  static String applyIfRequested() {
    if (!requested()) {
      return "off (request with -D" + PROPERTY + "=true; the CLI does)";
    }
    if (!Platform.isLinux()) {
      return "off: only on Linux/glibc";
    }
    try {
      NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
      libc.getFunction("gnu_get_libc_version"); // glibc only; musl has a different malloc
      int env = libc.getFunction("setenv").invokeInt(new Object[] {"THP_MEM_ALLOC_ENABLE", "1", 1});
      Function mallopt = libc.getFunction("mallopt");
      int trim = mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, Integer.MAX_VALUE});
      int mmap = mallopt.invokeInt(new Object[] {M_MMAP_MAX, 0});
      if (env != 0 || trim != 1 || mmap != 1) {
        return "partial: setenv=" + env + " mallopt(trim)=" + trim + " mallopt(mmap)=" + mmap;
      }
      return "on (THP, no trim, no mmap: RSS keeps its peak)";
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.debug("memory tuning skipped: {}", e.toString());
      return "off: " + e.getMessage();
    }
  }

  static boolean requested() {
    String property = System.getProperty(PROPERTY);
    if (property != null) {
      return Boolean.parseBoolean(property);
    }
    String env = System.getenv(ENV);
    return env != null && (env.equals("1") || env.equalsIgnoreCase("true"));
  }
}
