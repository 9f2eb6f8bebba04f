package org.torchparity.parity;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

/**
 * Checks a candidate kernel against a baseline kernel over seeded random configurations (see {@link
 * SweepCase#draw}), with the one tolerance table ({@link Tolerance#forDType}), and shrinks the
 * first failure to a smallest failing case ({@link Shrinker}).
 *
 * <p>The baseline decides: the candidate passes a case when its output is within tolerance of the
 * baseline's, with the baseline's value as the expected one. The command line uses the engine as
 * the baseline. An optional reference (the pure-Java reference) is compared too, and reported, but
 * does not decide.
 *
 * <p>The same seed gives the same cases, the same results and the same shrunk case.
 */
public final class Sweep {
  /** The most cases the shrinker runs. */
  public static final int MAX_SHRINK_TRIES = 2000;

  private final ConvKernel candidate;
  private final ConvKernel baseline;
  private final String baselineVersion;
  private final ConvKernel reference;
  private final ConfigurationGenerator generator;

  /** Hears about a sweep's progress; every method does nothing by default. */
  public interface Listener {
    /**
     * Called after each case.
     *
     * @param result the case's result
     */
    default void checked(SweepResult result) {}

    /**
     * Called before the first failure is shrunk.
     *
     * @param failure the failure
     */
    default void shrinking(SweepResult failure) {}
  }

  /**
   * Creates a sweep.
   *
   * @param candidate the kernel under test
   * @param baseline the kernel it must agree with (the engine, on the command line)
   * @param baselineVersion what the baseline runs on, e.g. libtorch's version, for shrunk case
   *     files
   * @param reference a kernel compared for information only, or {@code null}
   * @param generator where configurations come from
   */
  public Sweep(
      ConvKernel candidate,
      ConvKernel baseline,
      String baselineVersion,
      ConvKernel reference,
      ConfigurationGenerator generator) {
    this.candidate = Objects.requireNonNull(candidate, "candidate");
    this.baseline = Objects.requireNonNull(baseline, "baseline");
    this.baselineVersion = Objects.requireNonNull(baselineVersion, "baselineVersion");
    this.reference = reference;
    this.generator = Objects.requireNonNull(generator, "generator");
  }

  /**
   * Returns the seed of each case of a sweep: the sequence {@code new SplittableRandom(seed)}
   * gives.
   *
   * @param seed the sweep's seed
   * @param count how many cases
   * @return one seed per case
   */
  public static long[] caseSeeds(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] seeds = new long[count];
    for (int i = 0; i < count; i++) {
      seeds[i] = random.nextLong();
    }
    return seeds;
  }

  /**
   * Runs {@code count} cases drawn from {@code seed}, then shrinks the first failure, if any.
   *
   * @param seed the sweep's seed
   * @param count how many cases
   * @param listener hears about progress
   * @return the report
   */
  public SweepReport run(long seed, int count, Listener listener) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be non-negative but was " + count);
    }
    long[] seeds = caseSeeds(seed, count);
    List<SweepResult> results = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      SweepResult r = check(i, seeds[i], SweepCase.draw(generator, seeds[i]));
      results.add(r);
      listener.checked(r);
    }
    long elapsed = System.nanoTime() - start;
    ShrunkFailure shrunk = null;
    SweepResult first =
        results.stream().filter(r -> r.status() == CaseResult.Status.FAIL).findFirst().orElse(null);
    if (first != null) {
      listener.shrinking(first);
      shrunk = shrink(seed, first);
    }
    return new SweepReport(
        seed,
        candidate.name(),
        baseline.name(),
        baselineVersion,
        reference == null ? null : reference.name(),
        results,
        elapsed,
        shrunk);
  }

  /**
   * Checks one case.
   *
   * @param index the case's position in its sweep
   * @param caseSeed the seed it was drawn from
   * @param c the case
   * @return the result
   * @throws IllegalStateException when the baseline or the reference fails on a valid case
   */
  public SweepResult check(int index, long caseSeed, SweepCase c) {
    ConvSpec spec = c.spec();
    if (!candidate.supports(spec)) {
      return new SweepResult(
          index,
          caseSeed,
          c,
          CaseResult.Status.SKIP,
          null,
          null,
          candidate.name() + " does not support " + spec.kind().torchName());
    }
    SweepCase.Data data = c.data();
    Tolerance tolerance = Tolerance.forDType(spec.dtype());
    Tensor expected = run(baseline, c, data);
    Tensor actual;
    try {
      actual = candidate.forward(spec, data.input(), data.weight(), data.bias());
    } catch (RuntimeException e) {
      return new SweepResult(
          index, caseSeed, c, CaseResult.Status.FAIL, null, null, candidate.name() + " threw " + e);
    }
    if (actual == null) {
      return new SweepResult(
          index,
          caseSeed,
          c,
          CaseResult.Status.FAIL,
          null,
          null,
          candidate.name() + " returned null");
    }
    Comparison vsBaseline = Comparison.of(actual, expected, tolerance);
    Comparison vsReference =
        reference == null ? null : Comparison.of(actual, run(reference, c, data), tolerance);
    String problem = vsBaseline.passed() ? "" : vsBaseline.describe();
    if (actual.dtype() != spec.dtype()) {
      problem =
          candidate.name()
              + " returned a "
              + actual.dtype().torchName()
              + " output but the layer's dtype is "
              + spec.dtype().torchName()
              + (problem.isEmpty() ? "" : "; " + problem);
    }
    return new SweepResult(
        index,
        caseSeed,
        c,
        problem.isEmpty() ? CaseResult.Status.PASS : CaseResult.Status.FAIL,
        vsBaseline,
        vsReference,
        problem);
  }

  private static Tensor run(ConvKernel kernel, SweepCase c, SweepCase.Data data) {
    try {
      return kernel.forward(c.spec(), data.input(), data.weight(), data.bias());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          kernel.name() + " failed on a configuration PyTorch accepts: " + c.configuration(), e);
    }
  }

  /**
   * Tells whether the candidate fails a case against the baseline (a skip is not a failure).
   *
   * @param c the case
   * @return whether it fails
   */
  public boolean fails(SweepCase c) {
    return check(-1, 0, c).status() == CaseResult.Status.FAIL;
  }

  private ShrunkFailure shrink(long seed, SweepResult first) {
    Shrinker.Outcome outcome =
        new Shrinker(this::fails, MAX_SHRINK_TRIES).shrink(first.sweepCase());
    SweepCase smallest = outcome.smallest();
    SweepCase.Data data = smallest.data();
    ConvSpec spec = smallest.spec();
    Tensor expected = run(baseline, smallest, data);
    Tensor actual = null;
    try {
      actual = candidate.forward(spec, data.input(), data.weight(), data.bias());
    } catch (RuntimeException e) {
      // check() below reports it
    }
    String message = check(first.index(), first.caseSeed(), smallest).message();
    return new ShrunkFailure(
        seed,
        first,
        smallest,
        outcome.steps(),
        outcome.tries(),
        candidate.name(),
        expression(candidate),
        baseline.name(),
        expression(baseline),
        baselineVersion,
        actual,
        expected,
        message);
  }

  /** {@code new pkg.Kernel()} when the kernel's class can be made that way, else a placeholder. */
  static String expression(ConvKernel kernel) {
    Class<?> type = kernel.getClass();
    String name = type.getCanonicalName();
    boolean constructible;
    try {
      constructible =
          name != null
              && Modifier.isPublic(type.getModifiers())
              && Modifier.isPublic(type.getConstructor().getModifiers());
    } catch (NoSuchMethodException e) {
      constructible = false;
    }
    return constructible ? "new " + name + "()" : "yourKernel /* " + kernel.name() + " */";
  }
}
