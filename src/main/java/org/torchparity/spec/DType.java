package org.torchparity.spec;

import java.util.Locale;

/** The floating-point element types a layer computes in, named as PyTorch names them. */
public enum DType {
  /** IEEE 754 binary32, {@code torch.float32}. */
  FLOAT32("float32", 4),
  /** IEEE 754 binary64, {@code torch.float64}. */
  FLOAT64("float64", 8);

  private final String torchName;
  private final int byteSize;

  DType(String torchName, int byteSize) {
    this.torchName = torchName;
    this.byteSize = byteSize;
  }

  /**
   * Returns PyTorch's name without the {@code torch.} prefix.
   *
   * @return {@code float32} or {@code float64}
   */
  public String torchName() {
    return torchName;
  }

  /**
   * Returns the size of one element in bytes.
   *
   * @return 4 or 8
   */
  public int byteSize() {
    return byteSize;
  }

  /**
   * Rounds a double to the nearest value this dtype can hold (round-half-even, as a cast does).
   *
   * @param value any double
   * @return {@code (double) (float) value} for float32, {@code value} for float64
   */
  public double round(double value) {
    return this == FLOAT32 ? (double) (float) value : value;
  }

  /**
   * Parses PyTorch's dtype names: {@code float32}, {@code float}, {@code float64}, {@code double},
   * each optionally prefixed by {@code torch.}.
   *
   * @param text the name
   * @return the dtype
   * @throws InvalidArgumentException for any other name, including dtypes PyTorch has but
   *     torch-parity does not support yet (float16, bfloat16)
   */
  public static DType parse(String text) {
    String name = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (name.startsWith("torch.")) {
      name = name.substring("torch.".length());
    }
    switch (name) {
      case "float32":
      case "float":
        return FLOAT32;
      case "float64":
      case "double":
        return FLOAT64;
      case "float16":
      case "half":
      case "bfloat16":
        throw new InvalidArgumentException(
            "dtype", "dtype must be float32 or float64 but was '" + text + "' (not supported yet)");
      default:
        throw new InvalidArgumentException(
            "dtype", "dtype must be float32 or float64 but was '" + text + "'");
    }
  }
}
