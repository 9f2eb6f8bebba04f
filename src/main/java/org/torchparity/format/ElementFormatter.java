package org.torchparity.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A port of PyTorch's {@code torch._tensor_str._Formatter} for floating-point tensors: it looks at
 * every value that will be printed, picks integer, fixed or scientific notation and a common width,
 * then formats single values in that style. Numbers are rendered as Python's {@code format()} does
 * (correctly rounded, half-even on the exact binary value; {@code nan}, {@code inf}, {@code -inf}).
 */
final class ElementFormatter {
  private final int precision;
  private final boolean intMode;
  private final boolean sciMode;
  private final int maxWidth;

  /**
   * Chooses the notation and width for the given values.
   *
   * @param values the values that will be printed (for a summarized tensor only the edge items)
   * @param count how many entries of {@code values} to look at
   * @param precision digits after the decimal point in fixed and scientific notation
   */
  ElementFormatter(double[] values, int count, int precision) {
    this.precision = precision;
    boolean ints = true;
    boolean any = false;
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (int i = 0; i < count; i++) {
      double v = values[i];
      if (Double.isFinite(v) && v != 0) {
        any = true;
        double abs = Math.abs(v);
        min = Math.min(min, abs);
        max = Math.max(max, abs);
        if (v != Math.ceil(v)) {
          ints = false;
        }
      }
    }
    int width = 1;
    boolean sci = false;
    if (any) {
      double ratio = max / min;
      sci = ratio > 1000.0 || max > 1.0e8 || (!ints && min < 1.0e-4);
      for (int i = 0; i < count; i++) {
        double v = values[i];
        if (!Double.isFinite(v) || v == 0) {
          continue;
        }
        int len;
        if (sci) {
          len = scientific(v, precision).length();
        } else if (ints) {
          len = fixed(v, 0).length() + 1;
        } else {
          len = fixed(v, precision).length();
        }
        width = Math.max(width, len);
      }
    }
    this.intMode = ints;
    this.sciMode = sci;
    this.maxWidth = width;
  }

  /**
   * Returns the common width: the longest nonzero finite value's text (non-finite values and zeros
   * do not count, so they may come out wider than the others, as in PyTorch).
   *
   * @return the width in characters
   */
  int width() {
    return maxWidth;
  }

  /**
   * Formats one value, left-padded with spaces to {@link #width()}.
   *
   * @param value the value
   * @return its text
   */
  String format(double value) {
    String text;
    if (sciMode) {
      text = scientific(value, precision);
    } else if (intMode) {
      text = fixed(value, 0);
      if (Double.isFinite(value)) {
        text += ".";
      }
    } else {
      text = fixed(value, precision);
    }
    return text.length() >= maxWidth ? text : " ".repeat(maxWidth - text.length()) + text;
  }

  /**
   * Formats like Python's {@code "{:.Nf}".format(value)}.
   *
   * @param value the value
   * @param digits digits after the decimal point; 0 prints no point
   * @return the text, {@code -} kept for negative values that round to zero and for {@code -0.0}
   */
  static String fixed(double value, int digits) {
    String special = nonFinite(value);
    if (special != null) {
      return special;
    }
    String body =
        new BigDecimal(Math.abs(value)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    return negative(value) ? "-" + body : body;
  }

  /**
   * Formats like Python's {@code "{:.Ne}".format(value)}: {@code d.dddde+XX}, the exponent with at
   * least two digits.
   *
   * @param value the value
   * @param digits digits after the decimal point
   * @return the text
   */
  static String scientific(double value, int digits) {
    String special = nonFinite(value);
    if (special != null) {
      return special;
    }
    String sign = negative(value) ? "-" : "";
    if (value == 0) {
      return sign + (digits > 0 ? "0." + "0".repeat(digits) : "0") + "e+00";
    }
    BigDecimal rounded =
        new BigDecimal(Math.abs(value)).round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
    String mantissa = rounded.unscaledValue().toString();
    int exponent = rounded.precision() - rounded.scale() - 1;
    if (mantissa.length() < digits + 1) {
      mantissa += "0".repeat(digits + 1 - mantissa.length());
    } else {
      mantissa = mantissa.substring(0, digits + 1);
    }
    StringBuilder out = new StringBuilder(sign).append(mantissa.charAt(0));
    if (digits > 0) {
      out.append('.').append(mantissa, 1, digits + 1);
    }
    int absExponent = Math.abs(exponent);
    out.append(exponent < 0 ? "e-" : "e+");
    if (absExponent < 10) {
      out.append('0');
    }
    return out.append(absExponent).toString();
  }

  private static String nonFinite(double value) {
    if (Double.isNaN(value)) {
      return "nan"; // Python never prints a sign on NaN
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return null;
  }

  private static boolean negative(double value) {
    return Double.doubleToRawLongBits(value) < 0;
  }
}
