package org.torchparity.parity;

import java.util.List;
import java.util.Map;

/**
 * The outcome of checking one parity case.
 *
 * @param name the case's name (the file name when the file could not be read)
 * @param file the case's file
 * @param status pass, fail or skip
 * @param reason for a failure or a skip, why; for a pass, a short note (may be empty)
 * @param comparisons per kernel ({@code engine}, {@code reference}, ...), per quantity ({@code
 *     output}, {@code grad_input}, ...), the comparison made
 */
public record CaseResult(
    String name,
    String file,
    Status status,
    String reason,
    Map<String, Map<String, Comparison>> comparisons) {

  /** The three outcomes a check can have. */
  public enum Status {
    /** Everything compared held, or a refusal was matched. */
    PASS,
    /** Something differed from PyTorch, or the case could not be read. */
    FAIL,
    /** Nothing could be compared yet; the reason says why. */
    SKIP
  }

  /**
   * Returns the largest absolute error a kernel showed over every quantity compared.
   *
   * @param kernel the kernel's name
   * @return the largest error, or {@code NaN} when the kernel compared nothing
   */
  public double maxAbsError(String kernel) {
    Map<String, Comparison> byQuantity = comparisons.get(kernel);
    if (byQuantity == null || byQuantity.isEmpty()) {
      return Double.NaN;
    }
    return byQuantity.values().stream()
        .mapToDouble(Comparison::maxAbsError)
        .max()
        .orElse(Double.NaN);
  }

  /**
   * Returns the comparisons that failed, as {@code kernel quantity: description} lines.
   *
   * @return the failures
   */
  public List<String> failures() {
    return comparisons.entrySet().stream()
        .flatMap(
            k ->
                k.getValue().entrySet().stream()
                    .filter(q -> !q.getValue().passed())
                    .map(q -> k.getKey() + " " + q.getKey() + ": " + q.getValue().describe()))
        .toList();
  }

  /**
   * Formats the line the {@code check} command prints, e.g. {@code PASS conv1d_same_f32 engine
   * 1.19e-07 reference 5.96e-08}.
   *
   * @return one line
   */
  public String line() {
    StringBuilder s = new StringBuilder(status.name()).append(' ').append(name);
    if (status == Status.SKIP) {
      return s.append("  ").append(reason).toString();
    }
    for (String kernel : comparisons.keySet()) {
      s.append(String.format(java.util.Locale.ROOT, "  %s %.2e", kernel, maxAbsError(kernel)));
    }
    if (status == Status.FAIL) {
      List<String> failed = failures();
      s.append("  ").append(failed.isEmpty() ? reason : String.join("; ", failed));
    } else if (!reason.isEmpty()) {
      s.append("  (").append(reason).append(')');
    }
    return s.toString();
  }
}
