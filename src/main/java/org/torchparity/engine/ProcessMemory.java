package org.torchparity.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident memory, read from {@code /proc/self/status} (Linux). */
public final class ProcessMemory {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private ProcessMemory() {}

  /**
   * Returns the resident set size.
   *
   * @return VmRSS in MiB, or {@code -1} where {@code /proc} is not available
   */
  public static double rssMegabytes() {
    return statusMegabytes("VmRSS:");
  }

  /**
   * Returns the peak resident set size: the most this process has held since it started or since
   * the last {@link #resetPeak()}.
   *
   * @return VmHWM in MiB, or {@code -1} where {@code /proc} is not available
   */
  public static double peakRssMegabytes() {
    return statusMegabytes("VmHWM:");
  }

  /**
   * Resets the peak ({@code VmHWM}) to the current resident size by writing {@code 5} to {@code
   * /proc/self/clear_refs} (Linux 4.0 and later), so that a later {@link #peakRssMegabytes()}
   * measures one stretch of work rather than the whole process's life.
   *
   * @return whether the kernel accepted the reset
   */
  public static boolean resetPeak() {
    try {
      Files.writeString(CLEAR_REFS, "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static double statusMegabytes(String key) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(key)) {
          String kilobytes = line.substring(key.length()).replace("kB", "").trim();
          return Long.parseLong(kilobytes) / 1024.0;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
