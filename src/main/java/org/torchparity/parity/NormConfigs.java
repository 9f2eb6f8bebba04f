package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.torchparity.spec.BatchNorm1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.GroupNormSpec;
import org.torchparity.spec.InstanceNorm1dSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LayerNormSpec;

/**
 * The normalisation layers' case-argument parsers and sweep configurations ({@link ConfigSource}s
 * registered in {@link Layers}): BatchNorm1d, InstanceNorm1d, GroupNorm and LayerNorm with every
 * option, inputs of every rank they take, empty batches included, and every configuration valid in
 * both training and eval mode (more than one value per normalised group).
 */
final class NormConfigs {
  private static final double[] EPS = {1e-5, 1e-3, 0.1};

  private NormConfigs() {}

  // ---------------------------------------------------------------- parsers

  private static int required(JsonNode args, String module, String key) {
    if (!Args.has(args, key)) {
      throw new InvalidArgumentException(
          key, module + ".__init__() missing 1 required positional argument: '" + key + "'");
    }
    return Args.integer(args, key, 0);
  }

  static BatchNorm1dSpec batchNorm(JsonNode args, DType dtype) {
    String m = "BatchNorm1d";
    Args.only(args, m, "num_features", "eps", "momentum", "affine", "track_running_stats");
    return new BatchNorm1dSpec(
        required(args, m, "num_features"),
        Args.decimal(args, "eps", 1e-5),
        Args.optionalDecimal(args, "momentum", 0.1),
        Args.bool(args, "affine", true),
        Args.bool(args, "track_running_stats", true),
        dtype);
  }

  static InstanceNorm1dSpec instanceNorm(JsonNode args, DType dtype) {
    String m = "InstanceNorm1d";
    Args.only(args, m, "num_features", "eps", "momentum", "affine", "track_running_stats");
    return new InstanceNorm1dSpec(
        required(args, m, "num_features"),
        Args.decimal(args, "eps", 1e-5),
        Args.optionalDecimal(args, "momentum", 0.1),
        Args.bool(args, "affine", false),
        Args.bool(args, "track_running_stats", false),
        dtype);
  }

  static GroupNormSpec groupNorm(JsonNode args, DType dtype) {
    String m = "GroupNorm";
    Args.only(args, m, "num_groups", "num_channels", "eps", "affine");
    int groups = required(args, m, "num_groups");
    return new GroupNormSpec(
        groups,
        required(args, m, "num_channels"),
        Args.decimal(args, "eps", 1e-5),
        Args.bool(args, "affine", true),
        dtype);
  }

  static LayerNormSpec layerNorm(JsonNode args, DType dtype) {
    String m = "LayerNorm";
    Args.only(args, m, "normalized_shape", "eps", "elementwise_affine", "bias");
    if (!Args.has(args, "normalized_shape") || Args.isNone(args, "normalized_shape")) {
      throw new InvalidArgumentException(
          "normalized_shape",
          "LayerNorm.__init__() needs normalized_shape, an int or a list of ints, but it was "
              + (Args.has(args, "normalized_shape") ? "None" : "missing"));
    }
    int[] shape = Args.intList(args, "normalized_shape", null);
    return new LayerNormSpec(
        Arrays.stream(shape).boxed().toList(),
        Args.decimal(args, "eps", 1e-5),
        Args.bool(args, "elementwise_affine", true),
        Args.bool(args, "bias", true),
        dtype);
  }

  // ---------------------------------------------------------------- configurations

  private static double eps(SplittableRandom random) {
    return EPS[random.nextInt(EPS.length)];
  }

  /**
   * BatchNorm1d with any options ({@code momentum=None} included) on {@code (N, C)} or {@code (N,
   * C, L)} with {@code N * L >= 2}, or an empty batch.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration batchNorm(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int c = 1 + random.nextInt(4);
    Double[] momenta = {0.1, 0.5, 1.0, null};
    BatchNorm1dSpec spec =
        new BatchNorm1dSpec(
            c,
            eps(random),
            momenta[random.nextInt(momenta.length)],
            random.nextInt(4) != 0,
            random.nextInt(4) != 0,
            dtype);
    int batch = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(bounds.maxBatch() + 1);
    int[] shape;
    if (random.nextBoolean()) {
      shape = new int[] {batch == 1 ? 2 : batch, c};
    } else {
      int length = (batch == 1 ? 2 : 1) + random.nextInt(bounds.maxExtraLength() + 1);
      shape = new int[] {batch, c, length};
    }
    return new Configuration(spec, shape);
  }

  /**
   * InstanceNorm1d with any options on {@code (N, C, L)} or {@code (C, L)} with {@code L >= 2}.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration instanceNorm(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int c = 1 + random.nextInt(4);
    double[] momenta = {0.1, 0.5, 1.0};
    InstanceNorm1dSpec spec =
        new InstanceNorm1dSpec(
            c,
            eps(random),
            momenta[random.nextInt(momenta.length)],
            random.nextBoolean(),
            random.nextBoolean(),
            dtype);
    int length = 2 + random.nextInt(bounds.maxExtraLength() + 1);
    int[] shape =
        random.nextInt(4) == 0
            ? new int[] {c, length}
            : new int[] {1 + random.nextInt(bounds.maxBatch() + 1), c, length};
    return new Configuration(spec, shape);
  }

  /**
   * GroupNorm with 1 to 3 groups of 1 to 3 channels on {@code (N, C)}, {@code (N, C, L)} or {@code
   * (N, C, H, W)}, each group holding more than one value, or an empty batch.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration groupNorm(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    int groups = 1 + random.nextInt(3);
    int c = groups * (1 + random.nextInt(3));
    GroupNormSpec spec = new GroupNormSpec(groups, c, eps(random), random.nextInt(4) != 0, dtype);
    int batch = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(bounds.maxBatch() + 1);
    List<Integer> shape = new ArrayList<>(List.of(batch, c));
    int rank = 2 + random.nextInt(3);
    if (rank == 2 && batch * (c / groups) == 1) {
      shape.set(0, 2); // F.group_norm refuses one value per group
    }
    for (int i = 2; i < rank; i++) {
      shape.add(2 + random.nextInt(Math.max(1, bounds.maxExtraLength() / (rank - 1)) + 1));
    }
    return new Configuration(spec, shape.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * LayerNorm over one or two trailing dimensions, with zero to two leading ones.
   *
   * @param random the source of randomness
   * @param dtype the dtype
   * @param bounds the sweep's bounds
   * @return the configuration
   */
  static Configuration layerNorm(SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    List<Integer> normalized = new ArrayList<>();
    int dims = 1 + random.nextInt(2);
    for (int i = 0; i < dims; i++) {
      normalized.add(2 + random.nextInt(4));
    }
    boolean affine = random.nextInt(4) != 0;
    LayerNormSpec spec =
        new LayerNormSpec(normalized, eps(random), affine, random.nextInt(4) != 0, dtype);
    List<Integer> shape = new ArrayList<>();
    int leading = random.nextInt(3);
    for (int i = 0; i < leading; i++) {
      shape.add(random.nextInt(bounds.maxBatch() + 2));
    }
    shape.addAll(normalized);
    return new Configuration(spec, shape.stream().mapToInt(Integer::intValue).toArray());
  }
}
