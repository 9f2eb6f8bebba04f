package org.torchparity.spec;

import java.util.List;

/**
 * An integer size argument of a 1-D pooling module as Python received it: a bare {@code int} or a
 * one-element list. Only the repr tells them apart ({@code MaxPool1d(3)} prints {@code
 * kernel_size=3}, {@code MaxPool1d([3])} prints {@code kernel_size=[3]}); the arithmetic is the
 * same.
 *
 * @param value the integer
 * @param listed whether Python received {@code [value]}
 */
public record SizeArg(int value, boolean listed) {

  /**
   * A bare int.
   *
   * @param value the integer
   * @return the argument
   */
  public static SizeArg of(int value) {
    return new SizeArg(value, false);
  }

  /**
   * A one-element list.
   *
   * @param value the integer
   * @return the argument
   */
  public static SizeArg listOf(int value) {
    return new SizeArg(value, true);
  }

  /**
   * Returns the value as a case file's {@code args} holds it: an {@code Integer} or a one-element
   * {@code List}.
   *
   * @return the JSON-ready value
   */
  public Object argument() {
    return listed ? List.of(value) : value;
  }

  /**
   * Returns what Python's {@code str()} prints for the argument: {@code 3} or {@code [3]}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return listed ? "[" + value + "]" : Integer.toString(value);
  }
}
