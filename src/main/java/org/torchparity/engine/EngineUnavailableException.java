package org.torchparity.engine;

/**
 * The native engine cannot do what was asked: libtorch is missing or broken, the native cache is
 * corrupt, or a CUDA device was requested that the loaded libtorch cannot provide. The message says
 * what went wrong and what to do next. torch-parity never falls back to another device silently.
 */
public class EngineUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and what to do next
   */
  public EngineUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message what went wrong and what to do next
   * @param cause the engine's own error
   */
  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
