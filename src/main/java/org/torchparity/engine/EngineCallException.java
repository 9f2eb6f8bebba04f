package org.torchparity.engine;

/**
 * A libtorch call failed: DJL reports every native failure, a failed allocation included, as its
 * untyped {@code ai.djl.engine.EngineException}; {@link Engines#call} turns it into this, naming
 * the operation and saying whether memory ran out, so that a caller can tell "too big for this
 * machine" from a bug and catch one type for both. The engine's own exception is the cause.
 */
public class EngineCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final boolean outOfMemory;

  /**
   * Creates the exception.
   *
   * @param operation what was being done, e.g. {@code Conv1d.forward}
   * @param outOfMemory whether libtorch could not allocate memory
   * @param message the whole message: operation and what libtorch said
   * @param cause the engine's exception
   */
  public EngineCallException(
      String operation, boolean outOfMemory, String message, Throwable cause) {
    super(message, cause);
    this.operation = operation;
    this.outOfMemory = outOfMemory;
  }

  /**
   * Returns the operation that failed.
   *
   * @return its name, as the caller gave it to {@link Engines#call}
   */
  public String operation() {
    return operation;
  }

  /**
   * Tells whether libtorch could not allocate memory (host or device).
   *
   * @return whether the failure was an allocation failure
   */
  public boolean outOfMemory() {
    return outOfMemory;
  }
}
