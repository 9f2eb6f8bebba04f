package org.torchparity.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.SequentialSpec;

/**
 * The sweep's ReLU and Sequential configurations ({@link ConfigSource}s registered in {@link
 * Layers}), and the input-length search that the generator and the shrinker share for any module.
 */
final class ModuleConfigs {
  /** The longest input {@link #shortestLength} tries before giving up. */
  static final int MAX_SEARCHED_LENGTH = 1 << 16;

  private ModuleConfigs() {}

  /**
   * ReLU on a random shape of rank 1 to 3: a rank-3 shape may have an empty batch.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration relu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int rank = 1 + random.nextInt(3);
    int length = 1 + random.nextInt(bounds.maxExtraLength() + 1);
    int[] shape =
        switch (rank) {
          case 1 -> new int[] {length};
          case 2 -> new int[] {1 + random.nextInt(4), length};
          default ->
              new int[] {random.nextInt(bounds.maxBatch() + 1), 1 + random.nextInt(4), length};
        };
    return new Configuration(new ReluSpec(false, dtype), shape);
  }

  /**
   * A small chain with matching channels: a convolution of the full option space, a ReLU, and
   * sometimes a second, simpler convolution (Conv1d or ConvTranspose1d) and a last ReLU.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration sequential(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    ConvSpec.Kind firstKind = ConvConfigs.pick(random, ConvSpec.Kind.values());
    ConvSpec first = ConvConfigs.spec(firstKind, random, dtype);
    List<ModuleSpec> chain = new ArrayList<>(List.of(first, new ReluSpec(false, dtype)));
    int shape = random.nextInt(3);
    if (shape >= 1) {
      ConvSpec.Kind kind = ConvConfigs.pick(random, ConvSpec.Kind.values());
      int out = 1 + random.nextInt(4);
      int kernel = 1 + random.nextInt(3);
      int stride = 1 + random.nextInt(2);
      var b =
          kind == ConvSpec.Kind.CONV1D
              ? ConvSpec.conv1d(first.outChannels(), out, kernel)
              : ConvSpec.convTranspose1d(first.outChannels(), out, kernel);
      chain.add(
          b.stride(stride)
              .padding(random.nextInt(2))
              .bias(random.nextInt(4) != 0)
              .dtype(dtype)
              .build());
      if (shape == 2) {
        chain.add(new ReluSpec(false, dtype));
      }
    }
    SequentialSpec spec = SequentialSpec.of(chain.toArray(new ModuleSpec[0]));
    int in = first.inChannels();
    int length =
        shortestLength(spec, new int[] {in, 1}) + random.nextInt(bounds.maxExtraLength() + 1);
    int batch = random.nextInt(bounds.maxBatch() + 1);
    int[] input = random.nextInt(5) == 0 ? new int[] {in, length} : new int[] {batch, in, length};
    return new Configuration(spec, input);
  }

  /**
   * Returns the shortest last dimension, from {@code shape}'s own, that the module accepts with the
   * other dimensions of {@code shape} kept; {@code -1} when none up to {@link #MAX_SEARCHED_LENGTH}
   * is accepted.
   *
   * @param spec the module
   * @param shape the input shape, of rank 1 or more
   * @return the length
   */
  static int shortestLength(ModuleSpec spec, int[] shape) {
    int[] s = shape.clone();
    for (int length = Math.max(1, s[s.length - 1]); length <= MAX_SEARCHED_LENGTH; length++) {
      s[s.length - 1] = length;
      if (accepts(spec, s)) {
        return length;
      }
    }
    return -1;
  }

  /**
   * Tells whether a module accepts an input shape.
   *
   * @param spec the module
   * @param shape the shape
   * @return {@code true} when {@link ModuleSpec#outputShape} answers
   */
  static boolean accepts(ModuleSpec spec, int[] shape) {
    try {
      spec.outputShape(shape);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
