package org.torchparity.parity;

import java.util.Arrays;
import org.torchparity.spec.Tensor;

/**
 * The outcome of comparing one tensor with another under a {@link Tolerance}: whether it held, the
 * largest absolute and relative errors, and where the worst element is, with both values there.
 *
 * @param passed whether every element is within tolerance and the shapes agree
 * @param elements how many elements were compared
 * @param mismatches how many elements are outside tolerance
 * @param maxAbsError the largest {@code |actual - expected|} over elements that are both finite (0
 *     when there are none)
 * @param maxRelError the largest {@code |actual - expected| / |expected|} over finite elements with
 *     non-zero expected value
 * @param worstIndex the index (e.g. {@code n, c, t}) of the element furthest outside tolerance, or
 *     of the largest error when all pass; empty when nothing was compared
 * @param actualAtWorst the actual value there
 * @param expectedAtWorst the expected value there
 * @param tolerance the tolerance applied
 * @param shapeProblem a description of a shape disagreement, or {@code null}
 */
public record Comparison(
    boolean passed,
    int elements,
    int mismatches,
    double maxAbsError,
    double maxRelError,
    int[] worstIndex,
    double actualAtWorst,
    double expectedAtWorst,
    Tolerance tolerance,
    String shapeProblem) {

  /**
   * Compares {@code actual} with {@code expected} element by element.
   *
   * @param actual the values under test
   * @param expected the reference values
   * @param tolerance the rule
   * @return the comparison
   */
  public static Comparison of(Tensor actual, Tensor expected, Tolerance tolerance) {
    if (!Arrays.equals(actual.shape(), expected.shape())) {
      return new Comparison(
          false,
          0,
          0,
          Double.NaN,
          Double.NaN,
          new int[0],
          Double.NaN,
          Double.NaN,
          tolerance,
          "shape "
              + Arrays.toString(actual.shape())
              + " differs from expected shape "
              + Arrays.toString(expected.shape()));
    }
    int mismatches = 0;
    double maxAbs = 0;
    double maxRel = 0;
    int worst = -1;
    double worstScore = -1;
    for (int i = 0; i < actual.numel(); i++) {
      double a = actual.getFlat(i);
      double e = expected.getFlat(i);
      boolean ok = tolerance.accepts(a, e);
      double diff = Math.abs(a - e);
      // Rank elements: any failure outranks any pass; among failures, the furthest outside wins.
      double score;
      if (Double.isFinite(diff)) {
        maxAbs = Math.max(maxAbs, diff);
        if (e != 0) {
          maxRel = Math.max(maxRel, diff / Math.abs(e));
        }
        double allowed = tolerance.allowed(e);
        score = allowed > 0 ? diff / allowed : (diff > 0 ? Double.MAX_VALUE : 0);
      } else {
        score = ok ? 0 : Double.MAX_VALUE;
      }
      if (!ok) {
        mismatches++;
        score = Math.max(score, 1) + 1;
      }
      if (score > worstScore) {
        worstScore = score;
        worst = i;
      }
    }
    int[] index = worst < 0 ? new int[0] : unflatten(worst, actual.shape());
    return new Comparison(
        mismatches == 0,
        actual.numel(),
        mismatches,
        maxAbs,
        maxRel,
        index,
        worst < 0 ? Double.NaN : actual.getFlat(worst),
        worst < 0 ? Double.NaN : expected.getFlat(worst),
        tolerance,
        null);
  }

  private static int[] unflatten(int flat, int[] shape) {
    int[] index = new int[shape.length];
    int rest = flat;
    for (int axis = shape.length - 1; axis >= 0; axis--) {
      index[axis] = rest % shape[axis];
      rest /= shape[axis];
    }
    return index;
  }

  /**
   * Returns the worst index as {@code (n, c, t)}.
   *
   * @return the index in parentheses
   */
  public String worstIndexText() {
    StringBuilder s = new StringBuilder("(");
    for (int i = 0; i < worstIndex.length; i++) {
      s.append(i == 0 ? "" : ", ").append(worstIndex[i]);
    }
    return s.append(')').toString();
  }

  /**
   * Describes the comparison in one line, e.g. {@code max abs 1.2e-07, max rel 3.1e-07; worst at
   * (0, 1, 3): actual 0.25 expected 0.2500001 (rtol 1.3e-06, atol 1e-05)}.
   *
   * @return the description
   */
  public String describe() {
    if (shapeProblem != null) {
      return shapeProblem;
    }
    StringBuilder s =
        new StringBuilder()
            .append(String.format("max abs %.3g, max rel %.3g", maxAbsError, maxRelError));
    if (!passed) {
      s.append(", ").append(mismatches).append(" of ").append(elements).append(" outside");
    }
    if (worstIndex.length > 0) {
      s.append("; worst at ")
          .append(worstIndexText())
          .append(": actual ")
          .append(actualAtWorst)
          .append(" expected ")
          .append(expectedAtWorst);
    }
    return s.append(" (").append(tolerance).append(')').toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Comparison c
        && passed == c.passed
        && elements == c.elements
        && mismatches == c.mismatches
        && Double.compare(maxAbsError, c.maxAbsError) == 0
        && Double.compare(maxRelError, c.maxRelError) == 0
        && Arrays.equals(worstIndex, c.worstIndex)
        && Double.compare(actualAtWorst, c.actualAtWorst) == 0
        && Double.compare(expectedAtWorst, c.expectedAtWorst) == 0
        && tolerance.equals(c.tolerance)
        && java.util.Objects.equals(shapeProblem, c.shapeProblem);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(worstIndex)
        + java.util.Objects.hash(passed, elements, mismatches, maxAbsError, tolerance);
  }

  @Override
  public String toString() {
    return (passed ? "PASS " : "FAIL ") + describe();
  }
}
