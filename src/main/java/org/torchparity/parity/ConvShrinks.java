package org.torchparity.parity;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.ConvSpecBuilder;
import org.torchparity.spec.DType;
import org.torchparity.spec.Padding;
import org.torchparity.spec.PaddingMode;

/**
 * The {@link Shrinker}'s steps for a convolution: on a whole case (the convolution with its input,
 * magnitudes and dtype) and, for a convolution inside a tree, on its arguments alone.
 */
final class ConvShrinks {
  private ConvShrinks() {}

  /**
   * Lists the valid one-step simplifications of a convolution case, in the order they are tried:
   * options back to their defaults (lengthening the input where an option needs it), then sizes
   * down.
   *
   * @param c the case, whose spec is a {@link ConvSpec}
   * @return the simpler cases
   */
  static List<SweepCase> cases(SweepCase c) {
    Draft d = Draft.of(c);
    List<Draft> options = new ArrayList<>();
    List<Draft> sizes = new ArrayList<>();

    specOptions(d, options);
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

    specSizes(d, sizes);
    if (d.batched) {
      for (int v : Shrinker.smaller(d.batch, 0)) {
        sizes.add(d.copy().set(x -> x.batch = v));
      }
    }
    ConvSpec spec = d.spec();
    int shortest = spec == null ? 1 : ConvConfigs.shortestLength(spec);
    Set<Integer> lengths = new LinkedHashSet<>();
    lengths.add(shortest);
    lengths.addAll(Shrinker.smaller(d.length, shortest));
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

  /**
   * Lists a convolution's simpler arguments, for a convolution inside a tree: its options back to
   * their defaults, then its sizes down; those PyTorch refuses left out.
   *
   * @param spec the convolution
   * @param sizes {@code false} for the options, {@code true} for the sizes
   * @return the simpler specs
   */
  static List<ConvSpec> specs(ConvSpec spec, boolean sizes) {
    Draft d = Draft.of(spec);
    List<Draft> drafts = new ArrayList<>();
    if (sizes) {
      specSizes(d, drafts);
    } else {
      specOptions(d, drafts);
    }
    List<ConvSpec> out = new ArrayList<>();
    for (Draft x : drafts) {
      ConvSpec s = x.spec();
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Options back to PyTorch's defaults, one step at a time. */
  private static void specOptions(Draft d, List<Draft> options) {
    if (d.outputPadding != 0) {
      options.add(d.copy().set(x -> x.outputPadding = 0));
    }
    for (int s : Shrinker.smaller(d.stride, 1)) {
      options.add(d.copy().set(x -> x.stride = s));
    }
    if (!d.padding.equals(Padding.NONE)) {
      options.add(d.copy().set(x -> x.padding = Padding.NONE));
      if (d.padding.kind() == Padding.Kind.EXPLICIT && d.padding.amount() > 0) {
        for (int p : Shrinker.smaller(d.padding.amount(), 1)) {
          options.add(d.copy().set(x -> x.padding = Padding.of(p)));
        }
      }
    }
    for (int v : Shrinker.smaller(d.dilation, 1)) {
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
  }

  /** Fewer groups, input and output channels, a smaller kernel. */
  private static void specSizes(Draft d, List<Draft> sizes) {
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
    for (int v : Shrinker.smallerSteps(d.in, d.groups)) {
      sizes.add(d.copy().set(x -> x.in = v));
    }
    for (int v : Shrinker.smallerSteps(d.out, d.groups)) {
      sizes.add(d.copy().set(x -> x.out = v));
    }
    for (int v : Shrinker.smaller(d.kernel, 1)) {
      sizes.add(d.copy().set(x -> x.kernel = v));
    }
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

    static Draft of(ConvSpec s) {
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
      return d;
    }

    static Draft of(SweepCase c) {
      Draft d = of(c.convSpec());
      int[] shape = c.inputShape();
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

    Draft set(Consumer<Draft> change) {
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
      int l = lengthen ? Math.max(length, ConvConfigs.shortestLength(spec)) : length;
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
