package org.torchparity.parity;

import java.util.SplittableRandom;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.AvgPool1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.LpPool1dSpec;
import org.torchparity.spec.MaxPool1dSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.SizeArg;

/**
 * The sweep's 1-D pooling configurations ({@link ConfigSource}s registered in {@link Layers}):
 * small kernels, strides (or {@code None}), paddings up to half the kernel, dilations, both {@code
 * ceil_mode}s and both index options, on batched (an empty batch included) and unbatched inputs
 * just long enough for the module plus a random extra.
 */
final class PoolConfigs {
  /** The norm types {@code LPPool1d} draws: ints (kept as ints for the repr) and floats. */
  private static final double[] NORM_TYPES = {1, 2, 3, 1.5, 2.5, 4};

  private PoolConfigs() {}

  static Configuration maxPool1d(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int k = 1 + random.nextInt(4);
    MaxPool1dSpec spec =
        new MaxPool1dSpec(
            size(random, k),
            random.nextInt(3) == 0 ? null : size(random, 1 + random.nextInt(3)),
            SizeArg.of(random.nextInt(k / 2 + 1)),
            SizeArg.of(random.nextInt(3) == 0 ? 1 + random.nextInt(3) : 1),
            random.nextBoolean(),
            random.nextBoolean(),
            dtype);
    return new Configuration(spec, shape(random, spec, bounds));
  }

  static Configuration avgPool1d(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int k = 1 + random.nextInt(4);
    AvgPool1dSpec spec =
        new AvgPool1dSpec(
            k,
            random.nextInt(3) == 0 ? null : 1 + random.nextInt(3),
            random.nextInt(k / 2 + 1),
            random.nextBoolean(),
            random.nextBoolean(),
            dtype);
    return new Configuration(spec, shape(random, spec, bounds));
  }

  static Configuration adaptiveAvgPool1d(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    AdaptiveAvgPool1dSpec spec = new AdaptiveAvgPool1dSpec(size(random, outputSize(random)), dtype);
    return new Configuration(spec, shape(random, spec, bounds));
  }

  static Configuration adaptiveMaxPool1d(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    AdaptiveMaxPool1dSpec spec =
        new AdaptiveMaxPool1dSpec(size(random, outputSize(random)), random.nextBoolean(), dtype);
    return new Configuration(spec, shape(random, spec, bounds));
  }

  static Configuration lpPool1d(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    double p = ConvConfigs.pick(random, boxed(NORM_TYPES));
    boolean integral = p == Math.rint(p) && random.nextBoolean();
    int k = 1 + random.nextInt(4);
    LpPool1dSpec spec =
        new LpPool1dSpec(
            p,
            integral,
            k,
            random.nextInt(3) == 0 ? null : size(random, 1 + random.nextInt(3)),
            random.nextBoolean(),
            dtype);
    return new Configuration(spec, shape(random, spec, bounds));
  }

  /** 1 to 5 windows, sometimes none. */
  private static int outputSize(SplittableRandom random) {
    return random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(5);
  }

  /** An int, now and then as a one-element list. */
  private static SizeArg size(SplittableRandom random, int value) {
    return random.nextInt(5) == 0 ? SizeArg.listOf(value) : SizeArg.of(value);
  }

  /**
   * An input of rank 3 (an empty batch now and then) or 2 with 1 to 3 channels, from the shortest
   * length the module accepts to {@code maxExtraLength} beyond it.
   */
  private static int[] shape(SplittableRandom random, ModuleSpec spec, ConfigSource.Bounds bounds) {
    int channels = 1 + random.nextInt(3);
    int[] shape =
        random.nextInt(4) == 0
            ? new int[] {channels, 1}
            : new int[] {random.nextInt(bounds.maxBatch() + 1), channels, 1};
    int shortest = ModuleConfigs.shortestLength(spec, shape);
    shape[shape.length - 1] = shortest + random.nextInt(bounds.maxExtraLength() + 1);
    return shape;
  }

  private static Double[] boxed(double[] values) {
    Double[] out = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
