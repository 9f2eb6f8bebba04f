package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.InstanceNorm1d(num_features, eps=1e-05, momentum=0.1, affine=False,
 * track_running_stats=False)} on {@code (N, C, L)} or unbatched {@code (C, L)}: each channel of
 * each sample normalised over its {@code L} values; with running statistics, training mode updates
 * them (the batch's average of the per-sample statistics) and eval mode normalises by them.
 *
 * <p>At forward PyTorch refuses a rank other than 2 or 3, {@code momentum=None} ({@code
 * instance_norm} takes a float), a channel count other than {@code num_features} when the module
 * has a weight (libtorch 2.7.1's Python front end: {@code expected input's size at dim=1 to match
 * num_features}) or running statistics, and (see {@link #checkInstanceStatistics}) one value per
 * instance when normalising by the input's statistics. Without weight and running statistics any
 * channel count is accepted ({@code num_features} is unused; 2.x warns).
 *
 * @param numFeatures {@code C}
 * @param eps added to the variance before the square root
 * @param momentum the running statistics' update factor; {@code null} ({@code None}) is accepted at
 *     construction and refused at forward, as in PyTorch
 * @param affine whether the module has {@code weight} (ones) and {@code bias} (zeros)
 * @param trackRunningStats whether the module has {@code running_mean}, {@code running_var} and
 *     {@code num_batches_tracked} (never incremented by InstanceNorm, as in PyTorch)
 * @param dtype the floating dtype
 */
public record InstanceNorm1dSpec(
    int numFeatures,
    double eps,
    Double momentum,
    boolean affine,
    boolean trackRunningStats,
    DType dtype)
    implements ModuleSpec {

  /**
   * Validates as PyTorch's constructor does.
   *
   * @param numFeatures {@code C}
   * @param eps the variance's epsilon
   * @param momentum the update factor or {@code null}
   * @param affine with weight and bias
   * @param trackRunningStats with running statistics
   * @param dtype float32 or float64
   */
  public InstanceNorm1dSpec {
    SpecChecks.floating(dtype);
    if (affine || trackRunningStats) {
      NormChecks.creatable("num_features", numFeatures);
    }
  }

  /**
   * Returns {@code nn.InstanceNorm1d(num_features)} with PyTorch's defaults, in float32.
   *
   * @param numFeatures {@code C}
   * @return the spec
   */
  public static InstanceNorm1dSpec of(int numFeatures) {
    return new InstanceNorm1dSpec(numFeatures, 1e-5, 0.1, false, false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "InstanceNorm1d";
  }

  @Override
  public String extraRepr() {
    return numFeatures
        + ", eps="
        + NormChecks.pythonFloat(eps)
        + ", momentum="
        + (momentum == null ? "None" : NormChecks.pythonFloat(momentum))
        + ", affine="
        + NormChecks.pythonBool(affine)
        + ", track_running_stats="
        + NormChecks.pythonBool(trackRunningStats);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("num_features", numFeatures);
    args.put("eps", eps);
    args.put("momentum", momentum);
    args.put("affine", affine);
    args.put("track_running_stats", trackRunningStats);
    return args;
  }

  @Override
  public InstanceNorm1dSpec withDType(DType value) {
    return new InstanceNorm1dSpec(numFeatures, eps, momentum, affine, trackRunningStats, value);
  }

  @Override
  public List<String> parameterNames() {
    if (affine && trackRunningStats) {
      return List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
    }
    if (affine) {
      return List.of("weight", "bias");
    }
    if (trackRunningStats) {
      return List.of("running_mean", "running_var", "num_batches_tracked");
    }
    return List.of();
  }

  @Override
  public int[] parameterShape(String name) {
    if (!parameterNames().contains(name)) {
      return ModuleSpec.super.parameterShape(name);
    }
    return name.equals("num_batches_tracked") ? new int[0] : new int[] {numFeatures};
  }

  @Override
  public DType parameterDType(String name) {
    return name.equals("num_batches_tracked") ? DType.INT64 : dtype;
  }

  /** Train and eval differ when the module keeps running statistics (eval then uses them). */
  @Override
  public boolean modeDependent() {
    return trackRunningStats;
  }

  /**
   * Tells whether a call normalises by the input's own statistics: in training mode, and always
   * without running statistics ({@code use_input_stats} in PyTorch's forward).
   *
   * @param training the module's mode
   * @return {@code true} for the input's statistics
   */
  public boolean usesInputStatistics(boolean training) {
    return training || !trackRunningStats;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    NormChecks.rank2or3(inputShape);
    int featureDim = inputShape.length - 2;
    int channels = inputShape[featureDim];
    if (momentum == null) {
      throw new InvalidArgumentException(
          "momentum",
          "instance_norm(): argument 'momentum' (position 7) must be float, not NoneType"
              + " (InstanceNorm1d takes momentum=None at construction, but its forward refuses it)");
    }
    if (channels != numFeatures && affine) {
      throw new InvalidArgumentException(
          "input",
          "expected input's size at dim="
              + featureDim
              + " to match num_features ("
              + numFeatures
              + "), but got: "
              + channels
              + ".");
    }
    if (channels != numFeatures && trackRunningStats) {
      long batch = inputShape.length == 3 ? inputShape[0] : 1;
      throw new InvalidArgumentException(
          "input",
          "running_mean should contain "
              + batch * channels
              + " elements not "
              + batch * numFeatures
              + " (the input has "
              + channels
              + " channels at dim="
              + featureDim
              + ", the module num_features="
              + numFeatures
              + ")");
    }
    long instances = (inputShape.length == 3 ? (long) inputShape[0] : 1L) * channels;
    if (affine && instances == 0) {
      throw NormChecks.emptyWeight(inputShape);
    }
    return inputShape.clone();
  }

  /**
   * Refuses, as PyTorch's {@code F.instance_norm} does, a call normalising by the input's
   * statistics (see {@link #usesInputStatistics}) with one value per instance ({@code L == 1}).
   *
   * @param inputShape the input's dimensions, already accepted by {@link #outputShape}
   * @param training the module's mode
   * @throws InvalidArgumentException naming {@code input}
   */
  public void checkInstanceStatistics(int[] inputShape, boolean training) {
    if (usesInputStatistics(training) && inputShape[inputShape.length - 1] == 1) {
      int[] batched =
          inputShape.length == 3 ? inputShape : new int[] {1, inputShape[0], inputShape[1]};
      throw new InvalidArgumentException(
          "input",
          "Expected more than 1 spatial element when training, got input size "
              + NormChecks.torchSize(batched));
    }
  }

  @Override
  public String toString() {
    return repr();
  }
}
