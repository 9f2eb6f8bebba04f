package org.torchparity.parity;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs one case's work so that whatever it throws stays that case's problem: a kernel under test
 * may throw anything (an exception, an {@link AssertionError} from its own checks, a {@link
 * StackOverflowError} from deep recursion, an {@link OutOfMemoryError} on a large configuration, a
 * {@link LinkageError} from a missing native library), and a run over many cases must still reach
 * its summary. {@link #run} returns either the value or a {@link Failure} that names what was
 * thrown; the caller decides whether that is the case's FAIL or SKIP.
 *
 * <p>Not contained: {@link VirtualMachineError}s other than stack overflow and out-of-memory (an
 * {@link InternalError} means the JVM itself is broken). An {@link OutOfMemoryError} is contained
 * because the memory it could not get was for the case: once the case's references are dropped the
 * heap is as it was before.
 */
public final class Containment {
  private Containment() {}

  /** What kind of throwable ended the work. */
  public enum Kind {
    /** An exception (checked exceptions thrown sneakily included). */
    EXCEPTION,
    /** An {@link AssertionError}. */
    ASSERTION,
    /** A {@link StackOverflowError}. */
    STACK_OVERFLOW,
    /** An {@link OutOfMemoryError}. */
    OUT_OF_MEMORY,
    /** A {@link LinkageError}: a class or native library that could not be loaded. */
    LINKAGE,
    /** Any other {@link Error}. */
    ERROR
  }

  /**
   * The work threw.
   *
   * @param kind what kind of throwable
   * @param thrown the throwable
   */
  public record Failure(Kind kind, Throwable thrown) {
    /** Checks the fields. */
    public Failure {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(thrown, "thrown");
    }

    /**
     * Describes the failure in one line, e.g. {@code threw StackOverflowError} or {@code ran out of
     * memory (OutOfMemoryError: Java heap space)}.
     *
     * @return the description
     */
    public String describe() {
      String what = thrown.getClass().getSimpleName();
      String message = thrown.getMessage();
      String detail = message == null || message.isBlank() ? what : what + ": " + oneLine(message);
      return switch (kind) {
        case OUT_OF_MEMORY -> "ran out of memory (" + detail + ")";
        case STACK_OVERFLOW -> "overflowed its stack (" + detail + ")";
        default -> "threw " + detail;
      };
    }

    private static String oneLine(String message) {
      String line = message.replace('\n', ' ').replace('\r', ' ').trim();
      return line.length() > 500 ? line.substring(0, 500) + "..." : line;
    }
  }

  /**
   * The outcome of contained work: a value, or a failure.
   *
   * @param value what the work returned ({@code null} when it failed or returned {@code null})
   * @param failure what it threw, or {@code null}
   * @param <T> the value's type
   */
  public record Outcome<T>(T value, Failure failure) {
    /**
     * Tells whether the work returned normally.
     *
     * @return whether it did not throw
     */
    public boolean ok() {
      return failure == null;
    }
  }

  /**
   * Runs {@code work}, containing what it throws.
   *
   * @param work one case's work
   * @param <T> its result
   * @return the value or the failure
   * @throws VirtualMachineError other than {@link StackOverflowError} and {@link OutOfMemoryError}
   */
  public static <T> Outcome<T> run(Supplier<T> work) {
    try {
      return new Outcome<>(work.get(), null);
    } catch (OutOfMemoryError e) {
      return new Outcome<>(null, new Failure(Kind.OUT_OF_MEMORY, e));
    } catch (StackOverflowError e) {
      return new Outcome<>(null, new Failure(Kind.STACK_OVERFLOW, e));
    } catch (VirtualMachineError e) {
      throw e;
    } catch (AssertionError e) {
      return new Outcome<>(null, new Failure(Kind.ASSERTION, e));
    } catch (LinkageError e) {
      return new Outcome<>(null, new Failure(Kind.LINKAGE, e));
    } catch (Error e) {
      return new Outcome<>(null, new Failure(Kind.ERROR, e));
    } catch (Exception e) {
      return new Outcome<>(null, new Failure(Kind.EXCEPTION, e));
    }
  }
}
