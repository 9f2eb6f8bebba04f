package org.torchparity.parity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.SequentialSpec;

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
 *
 * <p>That is a convolution's list ({@link ConvShrinks}). Any other module gets the same two tiers,
 * typed on its description: options first (the spec's own: for a {@code Sequential}, a child
 * dropped where the shapes still fit, then each child's options; magnitudes 1, float32, a batched
 * input), then sizes (each child's sizes, every dimension of the input but the last, then the last,
 * the shortest valid length first).
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
    if (c.spec() instanceof ConvSpec) {
      return ConvShrinks.cases(c);
    }
    ModuleSpec spec = c.spec();
    int[] shape = c.inputShape();
    double in = c.inputScale();
    double w = c.weightScale();
    List<SweepCase> options = new ArrayList<>();
    for (ModuleSpec s : specSteps(spec, false)) {
      options.add(new SweepCase(s, shape, in, w, c.dataSeed()));
    }
    if (in != 1 || w != 1) {
      options.add(new SweepCase(spec, shape, 1, 1, c.dataSeed()));
      options.add(new SweepCase(spec, shape, 1, w, c.dataSeed()));
      options.add(new SweepCase(spec, shape, in, 1, c.dataSeed()));
    }
    if (spec.dtype() != DType.FLOAT32) {
      options.add(new SweepCase(spec.withDType(DType.FLOAT32), shape, in, w, c.dataSeed()));
    }
    if (spec instanceof SequentialSpec && shape.length == 2) {
      options.add(new SweepCase(spec, new int[] {1, shape[0], shape[1]}, in, w, c.dataSeed()));
    }

    List<SweepCase> sizes = new ArrayList<>();
    for (ModuleSpec s : specSteps(spec, true)) {
      sizes.add(new SweepCase(s, shape, in, w, c.dataSeed()));
    }
    int last = shape.length - 1;
    for (int i = 0; i < last; i++) {
      int dim = i;
      for (int v : smaller(shape[i], i == 0 && shape.length == 3 ? 0 : 1)) {
        int[] smaller = shape.clone();
        smaller[dim] = v;
        sizes.add(new SweepCase(spec, smaller, in, w, c.dataSeed()));
      }
    }
    if (last >= 0) {
      int[] one = shape.clone();
      one[last] = 1;
      int shortest = Math.max(1, ModuleConfigs.shortestLength(spec, one));
      Set<Integer> lengths = new LinkedHashSet<>();
      lengths.add(shortest);
      lengths.addAll(smaller(shape[last], shortest));
      for (int v : lengths) {
        if (v < shape[last]) {
          int[] shorter = shape.clone();
          shorter[last] = v;
          sizes.add(new SweepCase(spec, shorter, in, w, c.dataSeed()));
        }
      }
    }

    List<SweepCase> result = new ArrayList<>();
    for (SweepCase o : options) {
      SweepCase fitted = fit(o, true);
      if (fitted != null && !fitted.equals(c) && !result.contains(fitted)) {
        result.add(fitted);
      }
    }
    for (SweepCase s : sizes) {
      SweepCase fitted = fit(s, false);
      if (fitted != null && !fitted.equals(c) && !result.contains(fitted)) {
        result.add(fitted);
      }
    }
    return result;
  }

  /**
   * A module's simpler descriptions: for a convolution its options or sizes, for a Sequential a
   * child dropped (options only, never the last one) and each child's own steps; nothing for a
   * module without arguments to simplify (ReLU).
   */
  static List<ModuleSpec> specSteps(ModuleSpec spec, boolean sizes) {
    List<ModuleSpec> out = new ArrayList<>();
    if (spec instanceof ConvSpec conv) {
      out.addAll(ConvShrinks.specs(conv, sizes));
    } else if (spec instanceof SequentialSpec seq) {
      List<ModuleSpec> children = seq.children().stream().map(ModuleSpec.NamedSpec::spec).toList();
      if (!sizes && children.size() > 1) {
        for (int i = 0; i < children.size(); i++) {
          List<ModuleSpec> fewer = new ArrayList<>(children);
          fewer.remove(i);
          out.add(SequentialSpec.of(fewer.toArray(new ModuleSpec[0])));
        }
      }
      for (int i = 0; i < children.size(); i++) {
        for (ModuleSpec simpler : specSteps(children.get(i), sizes)) {
          List<ModuleSpec> changed = new ArrayList<>(children);
          changed.set(i, simpler);
          out.add(SequentialSpec.of(changed.toArray(new ModuleSpec[0])));
        }
      }
    }
    return out;
  }

  /**
   * Fits a candidate's input to its spec: the channels to the first convolution's input channels
   * and, with {@code lengthen}, the length up to the shortest valid one. {@code null} when the
   * module still refuses the input or the magnitudes are not the sweep's.
   */
  private static SweepCase fit(SweepCase c, boolean lengthen) {
    ModuleSpec spec = c.spec();
    int[] shape = c.inputShape();
    ConvSpec first = firstConv(spec);
    if (first != null && shape.length >= 2) {
      shape[shape.length - 2] = first.inChannels();
    }
    if (lengthen && shape.length >= 1 && !ModuleConfigs.accepts(spec, shape)) {
      int length = ModuleConfigs.shortestLength(spec, shape);
      if (length < 0) {
        return null;
      }
      shape[shape.length - 1] = length;
    }
    if (!ModuleConfigs.accepts(spec, shape)) {
      return null;
    }
    SweepCase fitted = new SweepCase(spec, shape, c.inputScale(), c.weightScale(), c.dataSeed());
    return fitted.scalesAllowed() ? fitted : null;
  }

  /** The convolution that first sees the input, through shape-keeping modules; else null. */
  private static ConvSpec firstConv(ModuleSpec spec) {
    if (spec instanceof ConvSpec conv) {
      return conv;
    }
    if (spec instanceof SequentialSpec seq) {
      for (ModuleSpec.NamedSpec child : seq.children()) {
        if (child.spec() instanceof ConvSpec || child.spec() instanceof SequentialSpec) {
          return firstConv(child.spec());
        }
      }
    }
    return null;
  }

  /** {@code floor}, then halfway, then one less: the distinct values below {@code v}. */
  static List<Integer> smaller(int v, int floor) {
    Set<Integer> values = new LinkedHashSet<>();
    for (int candidate : new int[] {floor, v / 2, v - 1}) {
      if (candidate >= floor && candidate < v) {
        values.add(candidate);
      }
    }
    return List.copyOf(values);
  }

  /** Multiples of {@code step} below {@code v}: {@code step}, then {@code v - step}. */
  static List<Integer> smallerSteps(int v, int step) {
    Set<Integer> values = new LinkedHashSet<>();
    for (int candidate : new int[] {step, v - step}) {
      if (candidate >= step && candidate < v) {
        values.add(candidate);
      }
    }
    return List.copyOf(values);
  }
}
