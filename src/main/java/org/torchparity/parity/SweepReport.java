package org.torchparity.parity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Padding;

/**
 * What a sweep found: every case's result, the time the checks took, and the first failure shrunk.
 *
 * @param seed the sweep's seed
 * @param candidate the candidate's name
 * @param baseline the baseline's name
 * @param baselineVersion what the baseline runs on
 * @param reference the reference's name, or {@code null} when none was compared
 * @param results one per case, in order
 * @param elapsedNanos how long the checks took (shrinking excluded)
 * @param shrunk the first failure shrunk, or {@code null} when nothing failed
 */
public record SweepReport(
    long seed,
    String candidate,
    String baseline,
    String baselineVersion,
    String reference,
    List<SweepResult> results,
    long elapsedNanos,
    ShrunkFailure shrunk) {

  /**
   * Creates a report, copying the results.
   *
   * @param seed the sweep's seed
   * @param candidate the candidate's name
   * @param baseline the baseline's name
   * @param baselineVersion what the baseline runs on
   * @param reference the reference's name, or {@code null}
   * @param results one per case
   * @param elapsedNanos how long the checks took
   * @param shrunk the first failure shrunk, or {@code null}
   */
  public SweepReport {
    results = List.copyOf(results);
  }

  /**
   * Counts, per dtype, and largest errors of one group of cases.
   *
   * @param label the group, e.g. {@code float32} or {@code all}
   * @param configs how many cases
   * @param passed how many passed
   * @param failed how many failed
   * @param skipped how many were skipped
   * @param maxAbsError the largest absolute error against the baseline ({@code NaN} if none)
   * @param referenceMaxAbsError the largest against the reference ({@code NaN} if none)
   */
  public record Summary(
      String label,
      int configs,
      int passed,
      int failed,
      int skipped,
      double maxAbsError,
      double referenceMaxAbsError) {}

  /**
   * Passes and comparisons for one value of one option.
   *
   * @param value the option's value, e.g. {@code reflect}
   * @param passed how many compared cases passed
   * @param compared how many cases were compared (skips excluded)
   */
  public record Rate(String value, int passed, int compared) {
    /**
     * Returns the pass rate.
     *
     * @return passed / compared, or {@code NaN} when nothing was compared
     */
    public double fraction() {
      return compared == 0 ? Double.NaN : (double) passed / compared;
    }
  }

  /**
   * Returns how many cases passed.
   *
   * @return the count
   */
  public int passed() {
    return count(CaseResult.Status.PASS);
  }

  /**
   * Returns how many cases failed.
   *
   * @return the count
   */
  public int failed() {
    return count(CaseResult.Status.FAIL);
  }

  /**
   * Returns how many cases the candidate did not support.
   *
   * @return the count
   */
  public int skipped() {
    return count(CaseResult.Status.SKIP);
  }

  /**
   * Tells whether the candidate agreed with the baseline on every case it supports.
   *
   * @return {@code true} when nothing failed
   */
  public boolean held() {
    return failed() == 0;
  }

  private int count(CaseResult.Status status) {
    return (int) results.stream().filter(r -> r.status() == status).count();
  }

  /**
   * Returns cases checked per second.
   *
   * @return the throughput
   */
  public double throughput() {
    return elapsedNanos == 0 ? Double.NaN : results.size() / (elapsedNanos / 1e9);
  }

  /**
   * Returns a summary per dtype that occurred, then one for all cases.
   *
   * @return the summaries
   */
  public List<Summary> summaries() {
    List<Summary> out = new ArrayList<>();
    for (DType dtype : DType.floatingTypes()) {
      List<SweepResult> group =
          results.stream().filter(r -> r.sweepCase().spec().dtype() == dtype).toList();
      if (!group.isEmpty()) {
        out.add(summary(dtype.torchName(), group));
      }
    }
    out.add(summary("all", results));
    return out;
  }

  private static Summary summary(String label, List<SweepResult> group) {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    double max = Double.NaN;
    double refMax = Double.NaN;
    for (SweepResult r : group) {
      switch (r.status()) {
        case PASS -> passed++;
        case FAIL -> failed++;
        default -> skipped++;
      }
      max = nanMax(max, r.maxAbsError());
      refMax = nanMax(refMax, r.referenceMaxAbsError());
    }
    return new Summary(label, group.size(), passed, failed, skipped, max, refMax);
  }

  private static double nanMax(double a, double b) {
    if (Double.isNaN(a)) {
      return b;
    }
    return Double.isNaN(b) ? a : Math.max(a, b);
  }

  /**
   * Returns the pass rate per value of each option: layer, dtype, padding mode, padding, stride,
   * dilation, groups, bias, input form and magnitudes.
   *
   * @return option name to rates per value, values in a stable order
   */
  public Map<String, List<Rate>> passRates() {
    Map<String, Function<SweepCase, String>> options = new LinkedHashMap<>();
    options.put("layer", c -> c.spec().typeName());
    options.put("dtype", c -> c.spec().dtype().torchName());
    options.put(
        "padding mode", conv(s -> s.transposed() ? "zeros (ConvT)" : s.paddingMode().torchName()));
    options.put("padding", conv(SweepReport::paddingLabel));
    options.put("stride", conv(s -> Integer.toString(s.stride())));
    options.put("dilation", conv(s -> Integer.toString(s.dilation())));
    options.put("groups", conv(SweepReport::groupsLabel));
    options.put("bias", conv(s -> Boolean.toString(s.bias())));
    options.put("input", SweepReport::inputLabel);
    options.put(
        "magnitudes",
        c ->
            "x"
                + SweepCase.scaleText(c.inputScale())
                + " * w"
                + SweepCase.scaleText(c.weightScale()));
    Map<String, List<Rate>> rates = new LinkedHashMap<>();
    options.forEach(
        (option, label) -> {
          Map<String, int[]> counts = new TreeMap<>(SweepReport::naturalOrder);
          for (SweepResult r : results) {
            int[] n = counts.computeIfAbsent(label.apply(r.sweepCase()), k -> new int[2]);
            if (r.status() != CaseResult.Status.SKIP) {
              n[1]++;
              if (r.status() == CaseResult.Status.PASS) {
                n[0]++;
              }
            }
          }
          List<Rate> list = new ArrayList<>();
          counts.forEach((value, n) -> list.add(new Rate(value, n[0], n[1])));
          rates.put(option, list);
        });
    return rates;
  }

  private static String paddingLabel(ConvSpec spec) {
    Padding p = spec.padding();
    return p.kind() == Padding.Kind.EXPLICIT ? Integer.toString(p.amount()) : p.torchRepr();
  }

  /** A convolution's option as a label; {@link #NOT_CONV} for any other module. */
  private static Function<SweepCase, String> conv(Function<ConvSpec, String> label) {
    return c -> c.spec() instanceof ConvSpec s ? label.apply(s) : NOT_CONV;
  }

  /** The label of a convolution's option on a case of another module. */
  static final String NOT_CONV = "- (not a convolution)";

  private static String groupsLabel(ConvSpec s) {
    if (s.groups() == 1) {
      return "1";
    }
    return s.groups() == s.inChannels()
        ? s.groups() + " (depthwise)"
        : Integer.toString(s.groups());
  }

  private static String inputLabel(SweepCase c) {
    int[] shape = c.inputShape();
    if (shape.length < 3) {
      return shape.length == 2 ? "unbatched" : "rank " + shape.length;
    }
    return shape[0] == 0 ? "batch 0" : "batched";
  }

  /** Numbers by value first (so 10 follows 9), then text. */
  private static int naturalOrder(String a, String b) {
    Integer x = leadingInt(a);
    Integer y = leadingInt(b);
    if (x != null && y != null && !x.equals(y)) {
      return Integer.compare(x, y);
    }
    return a.compareTo(b);
  }

  private static Integer leadingInt(String s) {
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? null : Integer.valueOf(s.substring(0, end));
  }

  /**
   * Returns the worst cases: failures first, then by the share of the tolerance used against the
   * baseline, largest first.
   *
   * @param n how many
   * @return at most {@code n} results
   */
  public List<SweepResult> worst(int n) {
    return results.stream()
        .filter(r -> r.status() != CaseResult.Status.SKIP)
        .sorted(
            Comparator.comparing((SweepResult r) -> r.status() != CaseResult.Status.FAIL)
                .thenComparing(SweepResult::toleranceUsed, Comparator.reverseOrder())
                .thenComparingInt(SweepResult::index))
        .limit(n)
        .toList();
  }

  /**
   * Formats the summary table the command line prints: counts and largest errors per dtype, and the
   * throughput.
   *
   * @return the table, several lines
   */
  public String summaryTable() {
    StringBuilder s = new StringBuilder();
    String refHeader = reference == null ? "" : String.format("  %14s", "vs " + reference);
    s.append(
        String.format(
            Locale.ROOT,
            "%-8s %7s %7s %7s %7s  %18s%s%n",
            "dtype",
            "configs",
            "passed",
            "failed",
            "skipped",
            "max abs err vs " + baseline,
            refHeader));
    for (Summary row : summaries()) {
      s.append(
          String.format(
              Locale.ROOT,
              "%-8s %7d %7d %7d %7d  %18s%s%n",
              row.label(),
              row.configs(),
              row.passed(),
              row.failed(),
              row.skipped(),
              error(row.maxAbsError()),
              reference == null ? "" : String.format("  %14s", error(row.referenceMaxAbsError()))));
    }
    s.append(
        String.format(
            Locale.ROOT,
            "%d configurations in %.2f s: %.1f configs/s%n",
            results.size(),
            elapsedNanos / 1e9,
            throughput()));
    return s.toString();
  }

  /**
   * Describes what the baseline runs on: {@code libtorch 2.7.1} for a bare version number, the
   * version as given otherwise.
   *
   * @return the description
   */
  public String baselineRunsOn() {
    return runsOn(baselineVersion);
  }

  static String runsOn(String version) {
    return !version.isEmpty() && Character.isDigit(version.charAt(0))
        ? "libtorch " + version
        : version;
  }

  /**
   * Formats an error for tables: {@code 1.19e-07}, {@code 0} or {@code -} when nothing was
   * compared.
   *
   * @param e the error
   * @return the text
   */
  public static String error(double e) {
    if (Double.isNaN(e)) {
      return "-";
    }
    return e == 0 ? "0" : String.format(Locale.ROOT, "%.2e", e);
  }
}
