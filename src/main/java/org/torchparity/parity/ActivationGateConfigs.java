package org.torchparity.parity;

import java.util.SplittableRandom;
import org.torchparity.spec.DType;
import org.torchparity.spec.GeluSpec;
import org.torchparity.spec.HardsigmoidSpec;
import org.torchparity.spec.HardswishSpec;
import org.torchparity.spec.LogSoftmaxSpec;
import org.torchparity.spec.MishSpec;
import org.torchparity.spec.SiluSpec;
import org.torchparity.spec.SoftmaxSpec;

/**
 * The sweep's configurations of the smooth gates and the softmaxes ({@link ConfigSource}s
 * registered in {@link Layers}): every argument PyTorch takes, on inputs of rank 1 to 3 (a rank-3
 * input may have an empty batch).
 */
final class ActivationGateConfigs {
  private ActivationGateConfigs() {}

  /**
   * {@code GELU} with {@code approximate} {@code 'none'} or {@code 'tanh'}.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration gelu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    String approximate = random.nextBoolean() ? GeluSpec.NONE : GeluSpec.TANH;
    return new Configuration(new GeluSpec(approximate, dtype), shape(random, bounds));
  }

  /**
   * {@code SiLU}, {@code inplace} either way.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration silu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new SiluSpec(random.nextBoolean(), dtype), shape(random, bounds));
  }

  /**
   * {@code Mish}, {@code inplace} either way.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration mish(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new MishSpec(random.nextBoolean(), dtype), shape(random, bounds));
  }

  /**
   * {@code Hardswish}, {@code inplace} either way.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration hardswish(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new HardswishSpec(random.nextBoolean(), dtype), shape(random, bounds));
  }

  /**
   * {@code Hardsigmoid}, {@code inplace} either way.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration hardsigmoid(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(
        new HardsigmoidSpec(random.nextBoolean(), dtype), shape(random, bounds));
  }

  /**
   * {@code Softmax} with {@code dim} any valid dimension, negative ones included, or {@code None}
   * (one time in five).
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration softmax(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int[] shape = shape(random, bounds);
    return new Configuration(new SoftmaxSpec(dim(random, shape.length), dtype), shape);
  }

  /**
   * {@code LogSoftmax}, drawn as {@link #softmax}.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration logSoftmax(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int[] shape = shape(random, bounds);
    return new Configuration(new LogSoftmaxSpec(dim(random, shape.length), dtype), shape);
  }

  /** A dimension of a rank-{@code rank} input in {@code [-rank, rank)}, or {@code null}. */
  private static Integer dim(SplittableRandom random, int rank) {
    return random.nextInt(5) == 0 ? null : random.nextInt(2 * rank) - rank;
  }

  /** A shape of rank 1 ({@code [L]}), 2 ({@code [C, L]}) or 3 ({@code [N, C, L]}). */
  private static int[] shape(SplittableRandom random, ConfigSource.Bounds bounds) {
    int rank = 1 + random.nextInt(3);
    int length = 1 + random.nextInt(bounds.maxExtraLength() + 1);
    return switch (rank) {
      case 1 -> new int[] {length};
      case 2 -> new int[] {1 + random.nextInt(4), length};
      default -> new int[] {random.nextInt(bounds.maxBatch() + 1), 1 + random.nextInt(4), length};
    };
  }
}
