package org.torchparity.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code str()} of the scalars a module's {@code extra_repr()} prints: a float as Python's
 * shortest round-trip repr ({@code 0.5}, {@code 2.0}, {@code 1e-05}, {@code 1e+16}, {@code nan},
 * {@code inf}), an int as its digits. A module keeps an argument given as an int as an int, as
 * Python does ({@code ConstantPad1d(2, 0)} prints {@code value=0}, {@code Dropout(p=0)} prints
 * {@code p=0}).
 */
public final class PythonScalars {
  private PythonScalars() {}

  /**
   * Returns Python's {@code repr(float(value))}.
   *
   * @param value the float
   * @return the text, e.g. {@code 0.1}, {@code 3.0}, {@code 1.5e-07}
   */
  public static String floatRepr(double value) {
    double v = value;
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(v);
    BigDecimal shortest = exact;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == v) {
        shortest = r;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    // v = 0.d1d2... x 10^decpt, as CPython's format_float_short counts it.
    int decpt = digits.length() - shortest.scale();
    String sign = v < 0 ? "-" : "";
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        return sign + "0." + "0".repeat(-decpt) + digits;
      }
      if (decpt >= digits.length()) {
        return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
      }
      return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
    int exponent = decpt - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String e = String.valueOf(Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
  }

  /**
   * Returns Python's {@code str(value)} of an int ({@link Long} or {@link Integer}) or a float.
   *
   * @param value the number as it was given
   * @return the text
   */
  public static String str(Number value) {
    if (value instanceof Double || value instanceof Float) {
      return floatRepr(value.doubleValue());
    }
    return Long.toString(value.longValue());
  }

  /**
   * Keeps an int as a {@link Long} and anything else as a {@link Double}, so that specs compare
   * equal whatever boxed type a caller used.
   *
   * @param argument the argument's name for the message
   * @param value the number
   * @return the normalised number
   * @throws InvalidArgumentException when {@code value} is null
   */
  public static Number normalise(String argument, Number value) {
    if (value == null) {
      throw new InvalidArgumentException(argument, argument + " must be a number but was None");
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return value.longValue();
    }
    return value.doubleValue();
  }
}
