package org.torchparity.parity;

import java.util.SplittableRandom;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.ConvSpecBuilder;
import org.torchparity.spec.DType;
import org.torchparity.spec.Padding;
import org.torchparity.spec.PaddingMode;

/**
 * The sweep's Conv1d and ConvTranspose1d configurations ({@link ConfigSource}s registered in {@link
 * Layers}): every padding form and mode, dilation, stride, groups (depthwise included), bias on and
 * off, batches from 0, unbatched inputs, lengths from the shortest valid one.
 */
final class ConvConfigs {
  private ConvConfigs() {}

  /**
   * Returns the configuration source for one convolution.
   *
   * @param kind Conv1d or ConvTranspose1d
   * @return the source
   */
  static ConfigSource source(ConvSpec.Kind kind) {
    return (random, dtype, bounds) -> draw(kind, random, dtype, bounds);
  }

  /**
   * Draws a convolution: its channels, groups and options, then an input it accepts.
   *
   * @param kind the layer
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration draw(
      ConvSpec.Kind kind, SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    ConvSpec spec = spec(kind, random, dtype);
    int length = shortestLength(spec) + random.nextInt(bounds.maxExtraLength() + 1);
    int batch = random.nextInt(bounds.maxBatch() + 1);
    int in = spec.inChannels();
    int[] shape = random.nextInt(5) == 0 ? new int[] {in, length} : new int[] {batch, in, length};
    return new Configuration(spec, shape);
  }

  /** Draws the layer's arguments alone. */
  static ConvSpec spec(ConvSpec.Kind kind, SplittableRandom random, DType dtype) {
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
    return b.build();
  }

  /**
   * Returns the shortest input length PyTorch accepts for a spec.
   *
   * @param spec the layer's arguments
   * @return the shortest valid length (at least 1)
   */
  static int shortestLength(ConvSpec spec) {
    for (int length = 1; ; length++) {
      try {
        spec.outputShape(new int[] {spec.inChannels(), length});
        return length;
      } catch (IllegalArgumentException e) {
        // too short; try the next length
      }
    }
  }

  static <T> T pick(SplittableRandom random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
