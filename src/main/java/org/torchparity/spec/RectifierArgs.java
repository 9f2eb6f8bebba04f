package org.torchparity.spec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * What the rectifier, clamp, exponential and soft activation specs share: Python's {@code repr} of
 * a float argument (the text {@code extra_repr()} prints), a float as a case file's {@code args}
 * holds it, and the unbatched shape rule of elementwise modules.
 */
final class RectifierArgs {
  private RectifierArgs() {}

  /**
   * Formats a double as Python's {@code repr(float)}: the shortest digits that read back to the
   * same double, in fixed notation for decimal exponents -4 to 15 ({@code 0.0001}, {@code 20.0})
   * and in scientific notation otherwise ({@code 1e-05}, {@code 1e+20}); {@code nan}, {@code inf},
   * {@code -inf}, {@code -0.0}.
   */
  static String pyRepr(double v) {
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
   * Returns a float argument as a case file's {@code args} holds it: the number, or {@code "nan"},
   * {@code "inf"}, {@code "-inf"} for the values JSON cannot write.
   */
  static Object json(double v) {
    return Double.isFinite(v) ? (Object) v : pyRepr(v);
  }

  /** The output shape of an elementwise module: the input's, any rank (0 included). */
  static int[] sameShape(int[] inputShape) {
    SpecChecks.notNull("inputShape", inputShape);
    Tensor.numel(inputShape);
    return inputShape.clone();
  }

  /** {@code "inplace=True"} when set, for the modules whose only argument is {@code inplace}. */
  static String inplaceOnly(boolean inplace) {
    return inplace ? "inplace=True" : "";
  }

  /** {@code ", inplace=True"} when set, appended after the other arguments. */
  static String inplaceSuffix(boolean inplace) {
    return inplace ? ", inplace=True" : "";
  }
}
