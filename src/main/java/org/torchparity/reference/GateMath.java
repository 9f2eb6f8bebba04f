package org.torchparity.reference;

/** The special function the GELU reference needs and {@link Math} lacks: the error function. */
final class GateMath {
  private GateMath() {}

  /**
   * The error function, {@code erf(z) = 2/sqrt(pi) * integral_0^z exp(-t^2) dt}, to about 1e-15
   * relative: the series {@code erf(z) = 2/sqrt(pi) * exp(-z^2) * sum_n (2 z^2)^n z / (1 * 3 * ...
   * * (2n + 1))}, whose terms are all of one sign (no cancellation), for {@code |z| <= 6}; beyond
   * 6, {@code 1 - |erf(z)| = erfc(|z|) < 2.2e-17} is below half an ulp of 1, so {@code erf} is ±1
   * in double.
   *
   * @param z any double
   * @return {@code erf(z)}; NaN for NaN, ±1 for ±inf
   */
  static double erf(double z) {
    if (Double.isNaN(z)) {
      return Double.NaN;
    }
    if (Math.abs(z) > 6) {
      return Math.signum(z);
    }
    double twoZSquared = 2 * z * z;
    double term = z;
    double sum = z;
    for (int n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= twoZSquared / (2 * n + 1);
      sum += term;
    }
    return 2 / Math.sqrt(Math.PI) * Math.exp(-z * z) * sum;
  }
}
