package org.torchparity.parity;

/**
 * The outcome of one sweep case: the candidate's output compared with the baseline's (which
 * decides) and, when a reference is set, with the reference's (reported only).
 *
 * @param index the case's position in the sweep, from 0
 * @param caseSeed the seed that reproduces the case ({@link SweepCase#draw})
 * @param sweepCase the case
 * @param status {@code PASS} when the candidate agrees with the baseline, {@code FAIL} when it does
 *     not, returns another dtype than the layer's, or throws, {@code SKIP} when it does not support
 *     the configuration
 * @param vsBaseline the candidate against the baseline, or {@code null} when skipped or thrown
 * @param vsReference the candidate against the reference, or {@code null} when there is none
 * @param message why it failed or was skipped; empty for a pass
 */
public record SweepResult(
    int index,
    long caseSeed,
    SweepCase sweepCase,
    CaseResult.Status status,
    Comparison vsBaseline,
    Comparison vsReference,
    String message) {

  /**
   * Returns the largest absolute error against the baseline.
   *
   * @return the error, or {@code NaN} when nothing was compared
   */
  public double maxAbsError() {
    return vsBaseline == null ? Double.NaN : vsBaseline.maxAbsError();
  }

  /**
   * Returns the largest absolute error against the reference.
   *
   * @return the error, or {@code NaN} when nothing was compared
   */
  public double referenceMaxAbsError() {
    return vsReference == null ? Double.NaN : vsReference.maxAbsError();
  }

  /**
   * Returns how much of the tolerance the worst element used against the baseline: {@code |actual -
   * expected| / (atol + rtol * |expected|)}; above 1 means it failed.
   *
   * @return the fraction, 0 when nothing was compared, infinite for a shape mismatch, a NaN where a
   *     number was expected, or an exception
   */
  public double toleranceUsed() {
    return toleranceUsed(vsBaseline, status);
  }

  /**
   * Returns how much of the tolerance a comparison's worst element used.
   *
   * @param c the comparison, or {@code null}
   * @param status the case's status, to rank a missing comparison of a failure last
   * @return the fraction
   */
  static double toleranceUsed(Comparison c, CaseResult.Status status) {
    if (c == null) {
      return status == CaseResult.Status.FAIL ? Double.POSITIVE_INFINITY : 0;
    }
    if (c.shapeProblem() != null) {
      return Double.POSITIVE_INFINITY;
    }
    if (c.worstIndex().length == 0) {
      return 0;
    }
    double diff = Math.abs(c.actualAtWorst() - c.expectedAtWorst());
    double allowed = c.tolerance().allowed(c.expectedAtWorst());
    double used = allowed > 0 ? diff / allowed : (diff > 0 ? Double.POSITIVE_INFINITY : 0);
    if (Double.isNaN(used)) {
      return c.passed() ? 0 : Double.POSITIVE_INFINITY;
    }
    return used;
  }
}
