package org.torchparity.parity;

import java.util.SplittableRandom;
import org.torchparity.spec.ConstantPad1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.DropoutSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ReflectionPad1dSpec;
import org.torchparity.spec.ReplicationPad1dSpec;
import org.torchparity.spec.UpsampleSpec;

/**
 * The sweep's configurations of the padding, resampling and regularisation modules ({@link
 * ConfigSource}s registered in {@link Layers}): small valid modules, cropping (negative) sides and
 * fractional scales included, each with an input shape PyTorch accepts, batched and unbatched where
 * the module takes both.
 */
final class PadConfigs {
  /** Scales that exercise PyTorch's index arithmetic: whole, fractional, below one. */
  private static final double[] SCALES = {0.5, 0.7, 1.1, 1.25, 1.5, 1.7, 2.0, 2.2, 2.5, 3.0};

  private PadConfigs() {}

  static Configuration constantPad1d(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    Number[] values = {0L, 1L, 0.0, 1.5, -2.25};
    ModuleSpec spec =
        new ConstantPad1dSpec(
            random.nextInt(-3, 5),
            random.nextInt(-3, 5),
            values[random.nextInt(values.length)],
            dtype);
    int rank = 1 + random.nextInt(3);
    return withLength(spec, leading(random, rank, bounds), random, bounds);
  }

  static Configuration reflectionPad1d(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    ModuleSpec spec = new ReflectionPad1dSpec(random.nextInt(-2, 5), random.nextInt(-2, 5), dtype);
    return withLength(spec, leading(random, 2 + random.nextInt(2), bounds), random, bounds);
  }

  static Configuration replicationPad1d(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    ModuleSpec spec = new ReplicationPad1dSpec(random.nextInt(-2, 6), random.nextInt(-2, 6), dtype);
    return withLength(spec, leading(random, 2 + random.nextInt(2), bounds), random, bounds);
  }

  static Configuration upsample(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    String[] modes = {"nearest", "linear", "nearest-exact"};
    String mode = modes[random.nextInt(modes.length)];
    Boolean alignCorners = null;
    if (mode.equals("linear") && random.nextBoolean()) {
      alignCorners = random.nextBoolean();
    }
    UpsampleSpec spec;
    if (random.nextInt(3) == 0) {
      spec =
          new UpsampleSpec(
              1 + random.nextInt(12), false, null, false, mode, alignCorners, null, dtype);
    } else {
      double scale =
          random.nextBoolean()
              ? SCALES[random.nextInt(SCALES.length)]
              : 0.3 + Math.floor(random.nextDouble() * 320) / 100;
      Boolean[] recompute = {null, Boolean.FALSE, Boolean.TRUE};
      spec =
          new UpsampleSpec(
              null, false, scale, false, mode, alignCorners, recompute[random.nextInt(3)], dtype);
    }
    int[] shape = {random.nextInt(bounds.maxBatch() + 1), 1 + random.nextInt(3), 1};
    return withLength(spec, shape, random, bounds);
  }

  /**
   * Dropout with a {@code p} that draws nothing (0 or 1, as an int or a float): a sweep compares
   * freshly built modules, in training mode as PyTorch builds them, and a mask drawn from
   * libtorch's generator has no reference to agree with. Eval mode with any {@code p} is the grid
   * test's.
   */
  static Configuration dropout(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    Number[] ps = {0L, 0.0, 1L, 1.0};
    DropoutSpec spec = new DropoutSpec(ps[random.nextInt(ps.length)], random.nextBoolean(), dtype);
    int rank = random.nextInt(4);
    int[] shape = new int[rank];
    for (int d = 0; d < rank; d++) {
      shape[d] = random.nextInt(1, 2 + bounds.maxExtraLength());
    }
    return new Configuration(spec, shape);
  }

  /** A shape of the given rank ending in a placeholder length 1; the first axis may be 0. */
  private static int[] leading(SplittableRandom random, int rank, ConfigSource.Bounds bounds) {
    int[] shape = new int[rank];
    for (int d = 0; d < rank - 1; d++) {
      shape[d] =
          d == 0 && rank == 3 ? random.nextInt(bounds.maxBatch() + 1) : 1 + random.nextInt(3);
    }
    shape[rank - 1] = 1;
    return shape;
  }

  /** Sets the last axis to the shortest length the module accepts plus a random extra. */
  private static Configuration withLength(
      ModuleSpec spec, int[] shape, SplittableRandom random, ConfigSource.Bounds bounds) {
    int shortest = ModuleConfigs.shortestLength(spec, shape);
    shape[shape.length - 1] = shortest + random.nextInt(bounds.maxExtraLength() + 1);
    return new Configuration(spec, shape);
  }
}
