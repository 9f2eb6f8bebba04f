package org.torchparity.parity;

import org.torchparity.spec.DType;

/**
 * How close two values must be: {@code |actual - expected| <= atol + rtol * |expected|}, the rule
 * of {@code torch.testing.assert_close}, with NaN equal to NaN and an infinity equal only to the
 * same infinity.
 *
 * <p>The one tolerance table of the project is {@link #forDType}: each entry carries its reason.
 *
 * @param rtol relative tolerance
 * @param atol absolute tolerance
 * @param reason why these numbers
 */
public record Tolerance(double rtol, double atol, String reason) {

  /** float32: {@code torch.testing.assert_close}'s defaults for float32. */
  public static final Tolerance FLOAT32 =
      new Tolerance(1.3e-6, 1e-5, "torch.testing.assert_close default for float32");

  /** float64: {@code torch.testing.assert_close}'s defaults for float64. */
  public static final Tolerance FLOAT64 =
      new Tolerance(1e-7, 1e-7, "torch.testing.assert_close default for float64");

  /**
   * Bit-for-bit equality, for seeded initialisation and for values that are copied, not computed.
   */
  public static final Tolerance EXACT = new Tolerance(0, 0, "bit-identical by construction");

  /**
   * Returns the table's entry for a dtype.
   *
   * @param dtype the dtype the values were computed in
   * @return its tolerance
   */
  public static Tolerance forDType(DType dtype) {
    return dtype == DType.FLOAT32 ? FLOAT32 : FLOAT64;
  }

  /**
   * Tells whether {@code actual} is close enough to {@code expected}.
   *
   * @param actual the value under test
   * @param expected the reference value
   * @return whether the rule holds
   */
  public boolean accepts(double actual, double expected) {
    if (Double.isNaN(actual) || Double.isNaN(expected)) {
      return Double.isNaN(actual) && Double.isNaN(expected);
    }
    if (Double.isInfinite(actual) || Double.isInfinite(expected)) {
      return actual == expected;
    }
    if (this.rtol == 0 && this.atol == 0) {
      return Double.doubleToLongBits(actual) == Double.doubleToLongBits(expected);
    }
    return Math.abs(actual - expected) <= allowed(expected);
  }

  /**
   * Returns the largest difference allowed around {@code expected}.
   *
   * @param expected the reference value
   * @return {@code atol + rtol * |expected|}
   */
  public double allowed(double expected) {
    return atol + rtol * Math.abs(expected);
  }

  @Override
  public String toString() {
    return "rtol " + rtol + ", atol " + atol;
  }
}
