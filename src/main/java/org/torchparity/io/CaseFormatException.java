package org.torchparity.io;

import java.io.IOException;

/**
 * A file does not follow its format (a parity case, a weight file). The message names the file and
 * the field, e.g. {@code cases/a.json: input.data[7]: expected a number or "nan", "inf", "-inf" but
 * found true}.
 */
public class CaseFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String field;

  /**
   * Creates the exception.
   *
   * @param file the file, as the user named it
   * @param field the field, e.g. {@code weight.shape}; empty for the file as a whole
   * @param message what is wrong
   */
  public CaseFormatException(String file, String field, String message) {
    super(file + ": " + (field.isEmpty() ? "" : field + ": ") + message);
    this.file = file;
    this.field = field;
  }

  /**
   * Creates the exception with its cause.
   *
   * @param file the file
   * @param field the field
   * @param message what is wrong
   * @param cause the parser's error
   */
  public CaseFormatException(String file, String field, String message, Throwable cause) {
    this(file, field, message);
    initCause(cause);
  }

  /**
   * Returns the file.
   *
   * @return the file as the user named it
   */
  public String file() {
    return file;
  }

  /**
   * Returns the field.
   *
   * @return the field's path, empty for the whole file
   */
  public String field() {
    return field;
  }
}
