package org.torchparity.spec;

import java.util.Objects;

/** Checks every module spec shares. */
final class SpecChecks {
  private SpecChecks() {}

  /** Refuses a missing or non-floating dtype, naming the argument. */
  static DType floating(DType dtype) {
    if (dtype == null) {
      throw new InvalidArgumentException("dtype", "dtype must be float32 or float64 but was null");
    }
    if (!dtype.isFloatingPoint()) {
      throw new InvalidArgumentException(
          "dtype", "dtype must be float32 or float64 but was " + dtype.torchName());
    }
    return dtype;
  }

  /** Refuses null, naming the argument. */
  static <T> T notNull(String argument, T value) {
    if (value == null) {
      throw new InvalidArgumentException(argument, argument + " must not be null");
    }
    return Objects.requireNonNull(value);
  }
}
