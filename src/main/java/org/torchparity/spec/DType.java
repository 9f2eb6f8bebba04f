package org.torchparity.spec;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Tensor element types, named as PyTorch names them. Layers compute in the floating ones ({@link
 * #FLOAT32}, {@link #FLOAT64}); {@link #INT64} and {@link #BOOL} carry indices, counters such as
 * BatchNorm's {@code num_batches_tracked}, and masks.
 */
public enum DType {
  /** IEEE 754 binary32, {@code torch.float32}. */
  FLOAT32("float32", 4),
  /** IEEE 754 binary64, {@code torch.float64}. */
  FLOAT64("float64", 8),
  /** Signed 64-bit integers, {@code torch.int64} ({@code torch.long}). */
  INT64("int64", 8),
  /** Booleans, {@code torch.bool}, one byte each. */
  BOOL("bool", 1);

  private static final Set<DType> FLOATING =
      Collections.unmodifiableSet(EnumSet.of(FLOAT32, FLOAT64));

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
   * Tells whether layers can compute in this dtype.
   *
   * @return {@code true} for float32 and float64
   */
  public boolean isFloatingPoint() {
    return FLOATING.contains(this);
  }

  /**
   * Returns the dtypes layers compute in, in declaration order.
   *
   * @return float32 and float64
   */
  public static Set<DType> floatingTypes() {
    return FLOATING;
  }

  /**
   * Rounds a double to the nearest value this dtype can hold (round-half-even, as a cast does).
   *
   * @param value any double
   * @return {@code (double) (float) value} for float32, {@code value} for float64, the value
   *     truncated towards zero for int64 and {@code 0} or {@code 1} for bool
   */
  public double round(double value) {
    switch (this) {
      case FLOAT32:
        return (float) value;
      case INT64:
        return (double) (long) value;
      case BOOL:
        return value != 0 ? 1 : 0;
      default:
        return value;
    }
  }

  /**
   * Parses PyTorch's dtype names: {@code float32}, {@code float}, {@code float64}, {@code double},
   * {@code int64}, {@code long}, {@code bool}, each optionally prefixed by {@code torch.}.
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
      case "int64":
      case "long":
        return INT64;
      case "bool":
        return BOOL;
      case "float16":
      case "half":
      case "bfloat16":
        throw new InvalidArgumentException(
            "dtype",
            "dtype must be float32, float64, int64 or bool but was '"
                + text
                + "' (not supported yet)");
      default:
        throw new InvalidArgumentException(
            "dtype", "dtype must be float32, float64, int64 or bool but was '" + text + "'");
    }
  }
}
