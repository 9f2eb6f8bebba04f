package org.torchparity.io;

import java.nio.file.Path;

/**
 * A state dict file that cannot be read or does not fit the layer: the message names the file, the
 * key when one is at fault, what was expected and what was found.
 */
public final class StateDictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final String key;

  /**
   * Creates the exception.
   *
   * @param file the file at fault, or {@code null} for an in-memory state dict
   * @param key the key at fault, or {@code null}
   * @param problem what was expected and what was found
   */
  public StateDictException(Path file, String key, String problem) {
    super(
        (file == null ? "state dict" : file.toString())
            + (key == null ? "" : ", key '" + key + "'")
            + ": "
            + problem);
    this.file = file;
    this.key = key;
  }

  /**
   * Returns the file at fault.
   *
   * @return the file, or {@code null}
   */
  public Path file() {
    return file;
  }

  /**
   * Returns the key at fault.
   *
   * @return the key, or {@code null}
   */
  public String key() {
    return key;
  }
}
