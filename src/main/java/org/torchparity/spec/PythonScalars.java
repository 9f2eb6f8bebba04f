package org.torchparity.spec;

import java.util.Locale;

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
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    // The shortest scientific form that reads back as the same double (Python's 'r' format).
    String sci = null;
    for (int precision = 0; precision <= 16; precision++) {
      sci = String.format(Locale.ROOT, "%." + precision + "e", value);
      if (Double.parseDouble(sci) == value) {
        break;
      }
    }
    int e = sci.indexOf('e');
    String mantissa = sci.substring(0, e);
    int exponent = Integer.parseInt(sci.substring(e + 1));
    boolean negative = mantissa.startsWith("-");
    String digits = mantissa.replace("-", "").replace(".", "");
    String sign = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
      return sign + m + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    if (exponent < 0) {
      return sign + "0." + "0".repeat(-exponent - 1) + digits;
    }
    if (digits.length() <= exponent + 1) {
      return sign + digits + "0".repeat(exponent + 1 - digits.length()) + ".0";
    }
    return sign + digits.substring(0, exponent + 1) + "." + digits.substring(exponent + 1);
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
