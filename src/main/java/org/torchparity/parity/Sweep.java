package org.torchparity.parity;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
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
  /**
   * The most cases one sweep runs: its results stay in memory (about a kilobyte each) for the
   * report.
   */
  public static final int MAX_COUNT = 100_000;

  /** The most cases the shrinker runs. */
  public static final int MAX_SHRINK_TRIES = 2000;

  private final ParityKernel candidate;
  private final String candidateName;
  private final ParityKernel baseline;
  private final String baselineVersion;
  private final ParityKernel reference;
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
      ParityKernel candidate,
      ParityKernel baseline,
      String baselineVersion,
      ParityKernel reference,
      ConfigurationGenerator generator) {
    this.candidate = Objects.requireNonNull(candidate, "candidate");
    this.candidateName = kernelName(candidate);
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
   * @param count how many cases, 0 to {@link #MAX_COUNT}
   * @param listener hears about progress
   * @return the report
   * @throws InvalidArgumentException when {@code count} is out of range
   */
  public SweepReport run(long seed, int count, Listener listener) {
    if (count < 0 || count > MAX_COUNT) {
      throw new InvalidArgumentException(
          "count", "count must be from 0 to " + MAX_COUNT + " but was " + count);
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
        candidateName,
        kernelName(baseline),
        baselineVersion,
        reference == null ? null : kernelName(reference),
        results,
        elapsed,
        shrunk);
  }

  /**
   * Checks one case. Whatever the candidate throws, {@link Error}s included, is contained ({@link
   * Containment}) and becomes the case's FAIL; a case that runs out of memory anywhere else (its
   * data, the baseline, the comparison) is SKIPped with the reason, so one case never ends a sweep.
   *
   * @param index the case's position in its sweep
   * @param caseSeed the seed it was drawn from
   * @param c the case
   * @return the result
   * @throws IllegalStateException when the baseline or the reference fails on a valid case
   */
  public SweepResult check(int index, long caseSeed, SweepCase c) {
    ModuleSpec spec = c.spec();
    Containment.Outcome<Boolean> supported = Containment.run(() -> candidate.supports(spec));
    if (!supported.ok()) {
      return fail(
          index, caseSeed, c, candidateName + ".supports " + supported.failure().describe());
    }
    if (!supported.value()) {
      return new SweepResult(
          index,
          caseSeed,
          c,
          CaseResult.Status.SKIP,
          null,
          null,
          candidateName + " does not support " + spec.typeName());
    }
    Containment.Outcome<SweepResult> outcome = Containment.run(() -> compare(index, caseSeed, c));
    if (outcome.ok()) {
      return outcome.value();
    }
    Containment.Failure failure = outcome.failure();
    if (failure.kind() == Containment.Kind.OUT_OF_MEMORY) {
      return new SweepResult(
          index,
          caseSeed,
          c,
          CaseResult.Status.SKIP,
          null,
          null,
          "not compared: the case " + failure.describe() + " outside the candidate");
    }
    if (failure.thrown() instanceof RuntimeException e) {
      throw e;
    }
    if (failure.thrown() instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(failure.describe(), failure.thrown());
  }

  private SweepResult compare(int index, long caseSeed, SweepCase c) {
    ModuleSpec spec = c.spec();
    SweepCase.Data data = c.data();
    Tolerance tolerance = Tolerance.forDType(spec.dtype());
    Tensor expected = run(baseline, c, data);
    Containment.Outcome<Tensor> candidateRun =
        Containment.run(() -> candidate.forward(spec, data.state(), data.input()));
    if (!candidateRun.ok()) {
      return fail(index, caseSeed, c, candidateName + " " + candidateRun.failure().describe());
    }
    Tensor actual = candidateRun.value();
    if (actual == null) {
      return fail(index, caseSeed, c, candidateName + " returned null");
    }
    Comparison vsBaseline = Comparison.of(actual, expected, tolerance);
    Comparison vsReference =
        reference == null ? null : Comparison.of(actual, run(reference, c, data), tolerance);
    String problem = vsBaseline.passed() ? "" : vsBaseline.describe();
    if (actual.dtype() != spec.dtype()) {
      problem =
          candidateName
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

  private static SweepResult fail(int index, long caseSeed, SweepCase c, String message) {
    return new SweepResult(index, caseSeed, c, CaseResult.Status.FAIL, null, null, message);
  }

  /**
   * Runs the baseline or the reference. Running out of memory propagates (the caller SKIPs the
   * case); any other failure on a configuration PyTorch accepts is a bug there, not in the
   * candidate.
   */
  private static Tensor run(ParityKernel kernel, SweepCase c, SweepCase.Data data) {
    Containment.Outcome<Tensor> outcome =
        Containment.run(() -> kernel.forward(c.spec(), data.state(), data.input()));
    if (outcome.ok()) {
      return outcome.value();
    }
    Throwable thrown = outcome.failure().thrown();
    if (thrown instanceof OutOfMemoryError oom) {
      throw oom;
    }
    throw new IllegalStateException(
        kernelName(kernel)
            + " failed on a configuration PyTorch accepts: "
            + c.configuration()
            + ": "
            + outcome.failure().describe(),
        thrown);
  }

  /**
   * Returns a kernel's name, or its class's when {@code name()} throws or returns {@code null}: a
   * kernel under test may be broken in any method.
   *
   * @param kernel the kernel
   * @return its name
   */
  public static String kernelName(ParityKernel kernel) {
    Containment.Outcome<String> name = Containment.run(kernel::name);
    return name.ok() && name.value() != null ? name.value() : kernel.getClass().getName();
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
    ModuleSpec spec = smallest.spec();
    Tensor expected = run(baseline, smallest, data);
    // check() below reports what the candidate threw
    Tensor actual =
        Containment.run(() -> candidate.forward(spec, data.state(), data.input())).value();
    String message = check(first.index(), first.caseSeed(), smallest).message();
    return new ShrunkFailure(
        seed,
        first,
        smallest,
        outcome.steps(),
        outcome.tries(),
        candidateName,
        // The Java reproduction calls the convolution interface; other kernels replay the file.
        candidate instanceof ConvKernel ? expression(candidate) : null,
        kernelName(baseline),
        expression(baseline),
        baselineVersion,
        actual,
        expected,
        message);
  }

  /** {@code new pkg.Kernel()} when the kernel's class can be made that way, else a placeholder. */
  static String expression(ParityKernel kernel) {
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
    return constructible ? "new " + name + "()" : "yourKernel /* " + kernelName(kernel) + " */";
  }
}
