package org.torchparity.parity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.ConvSpecBuilder;
import org.torchparity.spec.DType;
import org.torchparity.spec.Padding;
import org.torchparity.spec.PaddingMode;

/**
 * Shrinks a failing sweep case to a smallest one that still fails, greedily: it tries each
 * simplification in a fixed order, keeps the first that still fails, and starts over, until none
 * does. The data seed never changes, so every case tried is reproducible.
 *
 * <p>Simplifications come in two tiers, and the order is what makes the result canonical:
 *
 * <ol>
 *   <li>options back to PyTorch's defaults, one step at a time: output padding 0, stride 1, padding
 *       0, dilation 1, groups 1, bias on, padding mode zeros, magnitudes 1, dtype float32, a
 *       batched input. When the option alone would leave the input too short, the input is
 *       lengthened to the shortest valid length (a default option is worth a longer input);
 *   <li>sizes down: fewer groups, input and output channels, a smaller kernel, fewer batch items, a
 *       shorter input (the shortest valid length first).
 * </ol>
 *
 * Every accepted step moves options closer to their defaults or, options unchanged, makes a size
 * smaller, so the search ends; {@code maxTries} bounds it anyway.
 */
public final class Shrinker {
  private final Predicate<SweepCase> fails;
  private final int maxTries;

  /**
   * The smallest failing case found.
   *
   * @param smallest the case
   * @param steps how many simplifications were kept
   * @param tries how many cases were run
   */
  public record Outcome(SweepCase smallest, int steps, int tries) {}

  /**
   * Creates a shrinker.
   *
   * @param fails tells whether a case still fails
   * @param maxTries the most cases to run
   */
  public Shrinker(Predicate<SweepCase> fails, int maxTries) {
    this.fails = fails;
    this.maxTries = maxTries;
  }

  /**
   * Shrinks a failing case.
   *
   * @param failing a case for which the predicate holds
   * @return the smallest failing case found, and how it was reached
   */
  public Outcome shrink(SweepCase failing) {
    SweepCase current = failing;
    int steps = 0;
    int tries = 0;
    boolean improved = true;
    while (improved && tries < maxTries) {
      improved = false;
      for (SweepCase next : simplifications(current)) {
        if (tries >= maxTries) {
          break;
        }
        tries++;
        if (fails.test(next)) {
          current = next;
          steps++;
          improved = true;
          break;
        }
      }
    }
    return new Outcome(current, steps, tries);
  }

  /**
   * Lists the valid one-step simplifications of a case, in the order they are tried.
   *
   * @param c the case
   * @return the simpler cases, each valid for PyTorch and within the sweep's magnitudes
   */
  static List<SweepCase> simplifications(SweepCase c) {
    Draft d = Draft.of(c);
    List<Draft> options = new ArrayList<>();
    List<Draft> sizes = new ArrayList<>();

    if (d.outputPadding != 0) {
      options.add(d.copy().set(x -> x.outputPadding = 0));
    }
    for (int s : smaller(d.stride, 1)) {
      options.add(d.copy().set(x -> x.stride = s));
    }
    if (!d.padding.equals(Padding.NONE)) {
      options.add(d.copy().set(x -> x.padding = Padding.NONE));
      if (d.padding.kind() == Padding.Kind.EXPLICIT && d.padding.amount() > 0) {
        for (int p : smaller(d.padding.amount(), 1)) {
          options.add(d.copy().set(x -> x.padding = Padding.of(p)));
        }
      }
    }
    for (int v : smaller(d.dilation, 1)) {
      options.add(d.copy().set(x -> x.dilation = v));
    }
    if (d.groups != 1) {
      options.add(d.copy().set(x -> x.groups = 1));
    }
    if (d.mode != PaddingMode.ZEROS) {
      options.add(d.copy().set(x -> x.mode = PaddingMode.ZEROS));
    }
    if (!d.bias) {
      options.add(d.copy().set(x -> x.bias = true));
    }
    if (d.inputScale != 1 || d.weightScale != 1) {
      options.add(d.copy().set(x -> x.inputScale = x.weightScale = 1));
      options.add(d.copy().set(x -> x.inputScale = 1));
      options.add(d.copy().set(x -> x.weightScale = 1));
    }
    if (d.dtype != DType.FLOAT32) {
      options.add(d.copy().set(x -> x.dtype = DType.FLOAT32));
    }
    if (!d.batched) {
      options.add(d.copy().set(x -> x.batched = true).set(x -> x.batch = 1));
    }

    int perGroupIn = d.in / d.groups;
    int perGroupOut = d.out / d.groups;
    for (int h = 1; h < d.groups; h++) {
      int groups = h;
      sizes.add(
          d.copy()
              .set(x -> x.groups = groups)
              .set(x -> x.in = perGroupIn * groups)
              .set(x -> x.out = perGroupOut * groups));
    }
    for (int v : smallerSteps(d.in, d.groups)) {
      sizes.add(d.copy().set(x -> x.in = v));
    }
    for (int v : smallerSteps(d.out, d.groups)) {
      sizes.add(d.copy().set(x -> x.out = v));
    }
    for (int v : smaller(d.kernel, 1)) {
      sizes.add(d.copy().set(x -> x.kernel = v));
    }
    if (d.batched) {
      for (int v : smaller(d.batch, 0)) {
        sizes.add(d.copy().set(x -> x.batch = v));
      }
    }
    ConvSpec spec = d.spec();
    int shortest = spec == null ? 1 : ConfigurationGenerator.shortestLength(spec);
    Set<Integer> lengths = new LinkedHashSet<>();
    lengths.add(shortest);
    lengths.addAll(smaller(d.length, shortest));
    for (int v : lengths) {
      if (v < d.length) {
        sizes.add(d.copy().set(x -> x.length = v));
      }
    }

    List<SweepCase> result = new ArrayList<>();
    for (Draft o : options) {
      SweepCase next = o.toCase(c.dataSeed(), true);
      if (next != null) {
        result.add(next);
      }
    }
    for (Draft s : sizes) {
      SweepCase next = s.toCase(c.dataSeed(), false);
      if (next != null) {
        result.add(next);
      }
    }
    return result;
  }

  /** {@code floor}, then halfway, then one less: the distinct values below {@code v}. */
  private static List<Integer> smaller(int v, int floor) {
    Set<Integer> values = new LinkedHashSet<>();
    for (int candidate : new int[] {floor, v / 2, v - 1}) {
      if (candidate >= floor && candidate < v) {
        values.add(candidate);
      }
    }
    return List.copyOf(values);
  }

  /** Multiples of {@code step} below {@code v}: {@code step}, then {@code v - step}. */
  private static List<Integer> smallerSteps(int v, int step) {
    Set<Integer> values = new LinkedHashSet<>();
    for (int candidate : new int[] {step, v - step}) {
      if (candidate >= step && candidate < v) {
        values.add(candidate);
      }
    }
    return List.copyOf(values);
  }

  /** A case's parameters, mutable while one simplification is applied. */
  private static final class Draft implements Cloneable {
    ConvSpec.Kind kind;
    int in;
    int out;
    int kernel;
    int stride;
    Padding padding;
    int dilation;
    int groups;
    boolean bias;
    PaddingMode mode;
    int outputPadding;
    DType dtype;
    boolean batched;
    int batch;
    int length;
    double inputScale;
    double weightScale;

    static Draft of(SweepCase c) {
      ConvSpec s = c.spec();
      int[] shape = c.inputShape();
      Draft d = new Draft();
      d.kind = s.kind();
      d.in = s.inChannels();
      d.out = s.outChannels();
      d.kernel = s.kernelSize();
      d.stride = s.stride();
      d.padding = s.padding();
      d.dilation = s.dilation();
      d.groups = s.groups();
      d.bias = s.bias();
      d.mode = s.paddingMode();
      d.outputPadding = s.outputPadding();
      d.dtype = s.dtype();
      d.batched = shape.length == 3;
      d.batch = d.batched ? shape[0] : 1;
      d.length = shape[shape.length - 1];
      d.inputScale = c.inputScale();
      d.weightScale = c.weightScale();
      return d;
    }

    Draft copy() {
      try {
        return (Draft) clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }

    Draft set(java.util.function.Consumer<Draft> change) {
      change.accept(this);
      return this;
    }

    /** The spec, or {@code null} when PyTorch would refuse it. */
    ConvSpec spec() {
      try {
        ConvSpecBuilder b =
            kind == ConvSpec.Kind.CONV1D
                ? ConvSpec.conv1d(in, out, kernel)
                : ConvSpec.convTranspose1d(in, out, kernel);
        return b.stride(stride)
            .padding(padding)
            .dilation(dilation)
            .groups(groups)
            .bias(bias)
            .paddingMode(mode)
            .outputPadding(outputPadding)
            .dtype(dtype)
            .build();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }

    /**
     * The case, or {@code null} when invalid. With {@code lengthen}, an input too short for the new
     * spec is lengthened to the shortest valid length (valid lengths only grow with length).
     */
    SweepCase toCase(long dataSeed, boolean lengthen) {
      ConvSpec spec = spec();
      if (spec == null) {
        return null;
      }
      int l = lengthen ? Math.max(length, ConfigurationGenerator.shortestLength(spec)) : length;
      int[] shape = batched ? new int[] {batch, in, l} : new int[] {in, l};
      try {
        spec.outputShape(shape);
      } catch (IllegalArgumentException e) {
        return null;
      }
      SweepCase c =
          new SweepCase(new Configuration(spec, shape), inputScale, weightScale, dataSeed);
      return c.scalesAllowed() ? c : null;
    }
  }
}
