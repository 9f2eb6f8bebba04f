package org.torchparity.engine;

import ai.djl.engine.EngineException;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs libtorch work so that its failures arrive typed: DJL's {@code EngineException} becomes an
 * {@link EngineCallException} that names the operation and tells an allocation failure apart. Every
 * other exception (an {@code InvalidArgumentException} from argument checks, say) passes through
 * unchanged, so the public calls keep their documented refusals.
 */
public final class Engines {
  /**
   * Allocation failures as libc10 words them ({@code DefaultCPUAllocator: can't allocate memory},
   * {@code C10 Out of Memory}); CUDA's caching allocator says {@code CUDA out of memory}.
   */
  private static final String[] ALLOCATION_FAILURES = {"can't allocate memory", "out of memory"};

  private static final Pattern REQUESTED = Pattern.compile("tried to allocate (\\d+) bytes");

  private Engines() {}

  /**
   * Runs {@code work}, turning an engine failure into an {@link EngineCallException}.
   *
   * @param operation what the work does, for the message, e.g. {@code Conv1d.forward}
   * @param work the libtorch work
   * @param <T> its result
   * @return what {@code work} returned
   * @throws EngineCallException when libtorch failed
   */
  public static <T> T call(String operation, Supplier<T> work) {
    try {
      return work.get();
    } catch (EngineException e) {
      throw translate(operation, e);
    }
  }

  /**
   * Runs {@code work} that returns nothing, as {@link #call} does.
   *
   * @param operation what the work does, for the message
   * @param work the libtorch work
   * @throws EngineCallException when libtorch failed
   */
  public static void run(String operation, Runnable work) {
    call(
        operation,
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * Describes an engine failure.
   *
   * @param operation what was being done
   * @param e DJL's exception
   * @return the typed exception, with {@code e} as its cause
   */
  public static EngineCallException translate(String operation, EngineException e) {
    String said = firstLine(e.getMessage());
    boolean oom = isAllocationFailure(said);
    String message;
    if (oom) {
      Matcher m = REQUESTED.matcher(said);
      String size = m.find() ? " (" + bytes(m.group(1)) + " requested)" : "";
      message = operation + ": libtorch could not allocate memory" + size + ": " + said;
    } else {
      message = operation + " failed in libtorch: " + said;
    }
    return new EngineCallException(operation, oom, message, e);
  }

  static boolean isAllocationFailure(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    for (String marker : ALLOCATION_FAILURES) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "(no message)";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }

  /** {@code 17592186044416} as {@code 16.0 TiB}. */
  static String bytes(String digits) {
    double value;
    try {
      value = Double.parseDouble(digits);
    } catch (NumberFormatException e) {
      return digits + " bytes";
    }
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0
        ? digits + " bytes"
        : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
