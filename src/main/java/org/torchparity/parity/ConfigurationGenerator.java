package org.torchparity.parity;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.ConvSpecBuilder;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Padding;
import org.torchparity.spec.PaddingMode;

/**
 * Draws random valid layer configurations over the whole option space: both layers, every padding
 * form and mode, dilation, stride, groups (depthwise included), bias on and off, both dtypes,
 * batches from 0, unbatched inputs, lengths from 1. The input length is chosen so that PyTorch
 * accepts the configuration (reflect padding shorter than the input, circular padding at most the
 * input, kernel no longer than the padded input, transposed output at least 1 long).
 *
 * <p>Deterministic: the same seed gives the same sequence.
 */
public final class ConfigurationGenerator {
  /**
   * The largest {@code maxBatch}: with at most 6 input channels and {@link #MAX_EXTRA_LENGTH}, one
   * input holds at most 256 * 6 * 4110 values (about 50 MB as doubles), so every drawn case fits in
   * a default heap.
   */
  public static final int MAX_BATCH = 256;

  /** The largest {@code maxExtraLength}; see {@link #MAX_BATCH}. */
  public static final int MAX_EXTRA_LENGTH = 4096;

  private final Set<ConvSpec.Kind> kinds;
  private final Set<DType> dtypes;
  private final int maxBatch;
  private final int maxExtraLength;

  /**
   * Creates a generator.
   *
   * @param kinds which layers to draw
   * @param dtypes which dtypes to draw
   * @param maxBatch largest batch size (0 is drawn too), 0 to {@link #MAX_BATCH}
   * @param maxExtraLength how far beyond the shortest valid length an input may reach, 0 to {@link
   *     #MAX_EXTRA_LENGTH}
   * @throws InvalidArgumentException when a set is empty or a bound is out of range
   */
  public ConfigurationGenerator(
      Set<ConvSpec.Kind> kinds, Set<DType> dtypes, int maxBatch, int maxExtraLength) {
    if (kinds.isEmpty() || dtypes.isEmpty()) {
      throw new InvalidArgumentException(
          kinds.isEmpty() ? "kinds" : "dtypes", "kinds and dtypes must not be empty");
    }
    if (maxBatch < 0 || maxBatch > MAX_BATCH) {
      throw new InvalidArgumentException(
          "maxBatch", "maxBatch must be from 0 to " + MAX_BATCH + " but was " + maxBatch);
    }
    if (maxExtraLength < 0 || maxExtraLength > MAX_EXTRA_LENGTH) {
      throw new InvalidArgumentException(
          "maxExtraLength",
          "maxExtraLength must be from 0 to " + MAX_EXTRA_LENGTH + " but was " + maxExtraLength);
    }
    this.kinds = EnumSet.copyOf(kinds);
    this.dtypes = EnumSet.copyOf(dtypes);
    this.maxBatch = maxBatch;
    this.maxExtraLength = maxExtraLength;
  }

  /**
   * A generator over everything: both layers, both dtypes, batch up to 3, lengths up to 12 beyond
   * the shortest valid one.
   *
   * @return the generator
   */
  public static ConfigurationGenerator everything() {
    return new ConfigurationGenerator(
        EnumSet.allOf(ConvSpec.Kind.class), EnumSet.copyOf(DType.floatingTypes()), 3, 12);
  }

  /**
   * Draws one configuration.
   *
   * @param random the source of randomness
   * @return a configuration PyTorch accepts
   */
  public Configuration next(SplittableRandom random) {
    ConvSpec.Kind kind = pick(random, kinds.toArray(new ConvSpec.Kind[0]));
    DType dtype = pick(random, dtypes.toArray(new DType[0]));
    int groups;
    int in;
    int out;
    int groupChoice = random.nextInt(6);
    if (groupChoice < 3) {
      groups = 1;
      in = 1 + random.nextInt(4);
      out = 1 + random.nextInt(4);
    } else if (groupChoice < 5) {
      groups = 2 + random.nextInt(2);
      in = groups * (1 + random.nextInt(2));
      out = groups * (1 + random.nextInt(2));
    } else { // depthwise: one group per input channel
      groups = 1 + random.nextInt(4);
      in = groups;
      out = groups * (1 + random.nextInt(2));
    }
    int kernel = 1 + random.nextInt(5);
    int dilation = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
    int stride = random.nextInt(3) == 0 ? 2 + random.nextInt(2) : 1;
    ConvSpecBuilder b =
        kind == ConvSpec.Kind.CONV1D
            ? ConvSpec.conv1d(in, out, kernel)
            : ConvSpec.convTranspose1d(in, out, kernel);
    b.dilation(dilation).groups(groups).bias(random.nextInt(4) != 0).dtype(dtype);
    if (kind == ConvSpec.Kind.CONV1D) {
      int paddingChoice = random.nextInt(6);
      if (paddingChoice == 0) {
        b.padding(Padding.SAME);
        stride = 1;
      } else if (paddingChoice == 1) {
        b.padding(Padding.VALID);
      } else {
        b.padding(random.nextInt(4));
      }
      b.stride(stride).paddingMode(pick(random, PaddingMode.values()));
    } else {
      int outputPadding = random.nextInt(Math.max(stride, dilation));
      b.stride(stride).padding(random.nextInt(3)).outputPadding(outputPadding);
    }
    ConvSpec spec = b.build();
    int length = shortestLength(spec) + random.nextInt(maxExtraLength + 1);
    int batch = random.nextInt(maxBatch + 1);
    int[] shape = random.nextInt(5) == 0 ? new int[] {in, length} : new int[] {batch, in, length};
    return new Configuration(spec, shape);
  }

  /**
   * Returns the shortest input length PyTorch accepts for a spec.
   *
   * @param spec the layer's arguments
   * @return the shortest valid length (at least 1)
   */
  public static int shortestLength(ConvSpec spec) {
    for (int length = 1; ; length++) {
      try {
        spec.outputShape(new int[] {spec.inChannels(), length});
        return length;
      } catch (IllegalArgumentException e) {
        // too short; try the next length
      }
    }
  }

  private static <T> T pick(SplittableRandom random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
