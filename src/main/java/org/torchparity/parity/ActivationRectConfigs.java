package org.torchparity.parity;

import java.util.SplittableRandom;
import org.torchparity.spec.CeluSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.EluSpec;
import org.torchparity.spec.HardtanhSpec;
import org.torchparity.spec.LeakyReluSpec;
import org.torchparity.spec.PreluSpec;
import org.torchparity.spec.Relu6Spec;
import org.torchparity.spec.SeluSpec;
import org.torchparity.spec.SigmoidSpec;
import org.torchparity.spec.SoftplusSpec;
import org.torchparity.spec.SoftsignSpec;
import org.torchparity.spec.TanhSpec;

/**
 * The sweep's configurations ({@link ConfigSource}s registered in {@link Layers}) of the rectifier,
 * clamp, exponential and soft activations: each argument drawn from PyTorch's default, a few
 * typical values and a random one (negative slopes and alphas included, as PyTorch accepts them),
 * on an input of rank 0 to 3 whose batch may be empty.
 */
final class ActivationRectConfigs {
  private ActivationRectConfigs() {}

  static Configuration relu6(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new Relu6Spec(random.nextBoolean(), dtype), shape(random, bounds));
  }

  static Configuration leakyRelu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    double slope = pick(random, 0.01, 0.2, -0.5, 0.0, 1.5, uniform(random, -2, 2));
    return new Configuration(
        new LeakyReluSpec(slope, random.nextBoolean(), dtype), shape(random, bounds));
  }

  static Configuration prelu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    double init = pick(random, 0.25, -0.5, 0.0, 2.0, uniform(random, -1, 1));
    int[] shape = shape(random, bounds);
    boolean perChannel = shape.length >= 2 && random.nextBoolean();
    int numParameters = perChannel ? shape[1] : 1;
    return new Configuration(new PreluSpec(numParameters, init, dtype), shape);
  }

  static Configuration hardtanh(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    double min = pick(random, -1.0, 0.0, -2.5, uniform(random, -2, 1));
    double max = min + pick(random, 2.0, 0.5, 6.0, uniform(random, 0.01, 3));
    return new Configuration(
        new HardtanhSpec(min, max, random.nextBoolean(), dtype), shape(random, bounds));
  }

  static Configuration elu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    double alpha = pick(random, 1.0, 0.5, 2.0, -0.7, uniform(random, -2, 3));
    return new Configuration(
        new EluSpec(alpha, random.nextBoolean(), dtype), shape(random, bounds));
  }

  static Configuration selu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new SeluSpec(random.nextBoolean(), dtype), shape(random, bounds));
  }

  static Configuration celu(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    double alpha = pick(random, 1.0, 0.5, 2.0, -0.7, uniform(random, 0.1, 3));
    return new Configuration(
        new CeluSpec(alpha, random.nextBoolean(), dtype), shape(random, bounds));
  }

  static Configuration tanh(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new TanhSpec(dtype), shape(random, bounds));
  }

  static Configuration sigmoid(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new SigmoidSpec(dtype), shape(random, bounds));
  }

  static Configuration softsign(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new SoftsignSpec(dtype), shape(random, bounds));
  }

  static Configuration softplus(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    double beta = pick(random, 1.0, 0.5, 2.0, -1.0, uniform(random, 0.1, 4));
    double threshold = pick(random, 20.0, 1.0, 0.5, 5.0, uniform(random, -1, 3));
    return new Configuration(new SoftplusSpec(beta, threshold, dtype), shape(random, bounds));
  }

  /**
   * A shape of rank 0 to 3: a scalar, {@code (L)}, {@code (C, L)} or {@code (N, C, L)} with {@code
   * N} from 0.
   */
  static int[] shape(SplittableRandom random, ConfigSource.Bounds bounds) {
    int length = 1 + random.nextInt(bounds.maxExtraLength() + 1);
    return switch (random.nextInt(8)) {
      case 0 -> new int[0];
      case 1 -> new int[] {length};
      case 2, 3 -> new int[] {1 + random.nextInt(4), length};
      default -> new int[] {random.nextInt(bounds.maxBatch() + 1), 1 + random.nextInt(4), length};
    };
  }

  private static double pick(SplittableRandom random, double... values) {
    return values[random.nextInt(values.length)];
  }

  /** A uniform draw rounded to 1/64, so that float32 and float64 see the same argument. */
  private static double uniform(SplittableRandom random, double low, double high) {
    return Math.rint((low + (high - low) * random.nextDouble()) * 64) / 64;
  }
}
