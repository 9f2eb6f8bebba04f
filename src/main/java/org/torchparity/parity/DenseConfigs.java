package org.torchparity.parity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.torchparity.spec.DType;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.FlattenSpec;
import org.torchparity.spec.IdentitySpec;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.SequentialSpec;
import org.torchparity.spec.UnflattenSpec;

/**
 * The dense family's {@link ConfigSource}s: valid random configurations of {@code Identity}, {@code
 * Linear}, {@code Embedding}, {@code Flatten} and {@code Unflatten}, and of small named {@code
 * Sequential} heads made of them, with input shapes PyTorch accepts, all small.
 */
final class DenseConfigs {
  private DenseConfigs() {}

  /** A shape of rank 0 to 3 with dimensions 0 to 3 (a 0 now and then). */
  private static int[] anyShape(SplittableRandom random, ConfigSource.Bounds bounds, int maxRank) {
    int rank = random.nextInt(maxRank + 1);
    int[] shape = new int[rank];
    for (int d = 0; d < rank; d++) {
      shape[d] = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(Math.max(1, bounds.maxBatch()));
    }
    return shape;
  }

  /**
   * Identity on any shape of rank 0 to 3.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration identity(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    return new Configuration(new IdentitySpec(dtype), anyShape(random, bounds, 3));
  }

  /**
   * Linear with 0 to 6 features each way, with or without a bias, on {@code (*, in_features)} of
   * rank 1 to 4.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration linear(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int in = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(6);
    int out = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(6);
    LinearSpec spec = new LinearSpec(in, out, random.nextInt(4) != 0, dtype);
    int[] leading = anyShape(random, bounds, 3);
    int[] shape = java.util.Arrays.copyOf(leading, leading.length + 1);
    shape[leading.length] = in;
    return new Configuration(spec, shape);
  }

  /**
   * Embedding with 1 to 8 rows of 0 to 5 values, sometimes a padding row, {@code max_norm} with
   * norm types 1, 2, 3, 1.5 and inf, {@code scale_grad_by_freq}, {@code sparse}; indices of rank 0
   * to 3. Not registered for {@code sweep}, which draws floating inputs only.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration embedding(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int rows = 1 + random.nextInt(8);
    int dim = random.nextInt(6);
    Integer padding = random.nextInt(3) == 0 ? random.nextInt(2 * rows) - rows : null;
    Double maxNorm = random.nextInt(3) == 0 ? 0.25 + 2 * random.nextDouble() : null;
    double[] normTypes = {2.0, 1.0, 3.0, 1.5, Double.POSITIVE_INFINITY};
    double normType = normTypes[random.nextInt(normTypes.length)];
    EmbeddingSpec spec =
        new EmbeddingSpec(
            rows,
            dim,
            padding,
            maxNorm,
            normType,
            random.nextBoolean(),
            random.nextInt(4) == 0,
            dtype);
    return new Configuration(spec, anyShape(random, bounds, 3));
  }

  /**
   * Flatten over any valid dim pair of a shape of rank 0 to 4, negative dims included.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration flatten(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int[] shape = anyShape(random, bounds, 4);
    int rank = Math.max(1, shape.length);
    int start = random.nextInt(rank);
    int end = start + random.nextInt(rank - start);
    if (random.nextBoolean()) {
      start -= rank;
    }
    if (random.nextBoolean()) {
      end -= rank;
    }
    return new Configuration(new FlattenSpec(start, end, dtype), shape);
  }

  /**
   * Unflatten of one dimension of a shape of rank 1 to 3 into two or three factors, one of them
   * {@code -1} now and then, the dim sometimes negative.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration unflatten(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int rank = 1 + random.nextInt(3);
    int dim = random.nextInt(rank);
    List<Integer> factors = new ArrayList<>();
    int parts = 1 + random.nextInt(3);
    int size = 1;
    for (int i = 0; i < parts; i++) {
      int f = 1 + random.nextInt(3);
      factors.add(f);
      size *= f;
    }
    if (random.nextBoolean()) {
      factors.set(random.nextInt(parts), -1);
    }
    int[] shape = new int[rank];
    for (int d = 0; d < rank; d++) {
      shape[d] = d == dim ? size : 1 + random.nextInt(3);
    }
    int given = random.nextBoolean() ? dim - rank : dim;
    return new Configuration(new UnflattenSpec(given, factors, dtype), shape);
  }

  /**
   * A small named head, {@code Sequential(OrderedDict(...))}: an optional {@code Unflatten} and a
   * {@code Flatten} (so the input is {@code (N, C, L)}), then {@code Linear}, {@code ReLU}, an
   * {@code Identity}, and sometimes a nested {@code Sequential} with a second {@code Linear}.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration head(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int batch = random.nextInt(Math.max(1, bounds.maxBatch()) + 1);
    int channels = 1 + random.nextInt(3);
    int length = 1 + random.nextInt(4);
    Map<String, ModuleSpec> children = new LinkedHashMap<>();
    int[] input;
    if (random.nextBoolean()) {
      input = new int[] {batch, channels * length};
      children.put("unflatten", new UnflattenSpec(1, List.of(channels, -1), dtype));
    } else {
      input = new int[] {batch, channels, length};
    }
    children.put("flatten", new FlattenSpec(1, -1, dtype));
    int hidden = 1 + random.nextInt(5);
    children.put("fc", new LinearSpec(channels * length, hidden, random.nextBoolean(), dtype));
    children.put("act", new ReluSpec(false, dtype));
    children.put("skip", new IdentitySpec(dtype));
    if (random.nextBoolean()) {
      children.put(
          "out", SequentialSpec.of(new LinearSpec(hidden, 1 + random.nextInt(3), true, dtype)));
    }
    List<ModuleSpec.NamedSpec> named = new ArrayList<>();
    children.forEach((name, spec) -> named.add(new ModuleSpec.NamedSpec(name, spec)));
    return new Configuration(new SequentialSpec(named), input);
  }
}
