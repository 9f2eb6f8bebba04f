package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True,
 * track_running_stats=True)} on {@code (N, C)} or {@code (N, C, L)}: each channel normalised by the
 * batch's statistics in training mode (updating the running statistics) and by the running
 * statistics in eval mode; without running statistics, always by the batch's.
 *
 * <p>PyTorch validates nothing at construction but what creating the tensors refuses (a negative
 * {@code num_features} when the module holds a weight or running statistics); {@code eps} and
 * {@code momentum} are taken as given. At forward it refuses a rank other than 2 or 3, a channel
 * count other than {@code num_features} where a running statistic or the weight must match it, and
 * (see {@link #checkBatchStatistics}) a training batch with one value per channel.
 *
 * @param numFeatures {@code C}
 * @param eps added to the variance before the square root
 * @param momentum the running statistics' update factor, or {@code null} for PyTorch's {@code
 *     None}: the cumulative average, a factor of {@code 1 / num_batches_tracked}
 * @param affine whether the module has {@code weight} (ones) and {@code bias} (zeros)
 * @param trackRunningStats whether the module has {@code running_mean}, {@code running_var} and
 *     {@code num_batches_tracked}
 * @param dtype the floating dtype of parameters, running statistics, input and output
 */
public record BatchNorm1dSpec(
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
  public BatchNorm1dSpec {
    SpecChecks.floating(dtype);
    if (affine || trackRunningStats) {
      NormChecks.creatable("num_features", numFeatures);
    }
  }

  /**
   * Returns {@code nn.BatchNorm1d(num_features)} with PyTorch's defaults, in float32.
   *
   * @param numFeatures {@code C}
   * @return the spec
   */
  public static BatchNorm1dSpec of(int numFeatures) {
    return new BatchNorm1dSpec(numFeatures, 1e-5, 0.1, true, true, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "BatchNorm1d";
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
  public BatchNorm1dSpec withDType(DType value) {
    return new BatchNorm1dSpec(numFeatures, eps, momentum, affine, trackRunningStats, value);
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
   * Tells whether a call normalises by the batch's statistics: in training mode, and always without
   * running statistics ({@code bn_training} in PyTorch's forward).
   *
   * @param training the module's mode
   * @return {@code true} for batch statistics
   */
  public boolean usesBatchStatistics(boolean training) {
    return training || !trackRunningStats;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    NormChecks.rank2or3(inputShape);
    int channels = inputShape[1];
    if (trackRunningStats && channels != numFeatures) {
      throw new InvalidArgumentException(
          "input",
          "running_mean should contain "
              + channels
              + " elements not "
              + numFeatures
              + " (the input has "
              + channels
              + " channels, the module num_features="
              + numFeatures
              + ")");
    }
    if (affine && channels != numFeatures) {
      throw new InvalidArgumentException(
          "input",
          "weight should contain "
              + channels
              + " elements not "
              + numFeatures
              + " (the input has "
              + channels
              + " channels, the module num_features="
              + numFeatures
              + ")");
    }
    if (affine && channels == 0) {
      throw NormChecks.emptyWeight(inputShape);
    }
    return inputShape.clone();
  }

  /**
   * Refuses, as PyTorch's {@code F.batch_norm} does, a call normalising by batch statistics (see
   * {@link #usesBatchStatistics}) with one value per channel ({@code N * L == 1}), whose variance
   * would be 0 and unbiased variance undefined.
   *
   * @param inputShape the input's dimensions, already accepted by {@link #outputShape}
   * @param training the module's mode
   * @throws InvalidArgumentException naming {@code input}
   */
  public void checkBatchStatistics(int[] inputShape, boolean training) {
    if (!usesBatchStatistics(training)) {
      return;
    }
    long values = inputShape[0];
    for (int i = 2; i < inputShape.length; i++) {
      values *= inputShape[i];
    }
    if (values == 1) {
      throw new InvalidArgumentException(
          "input",
          "Expected more than 1 value per channel when training, got input size "
              + NormChecks.torchSize(inputShape));
    }
  }

  @Override
  public String toString() {
    return repr();
  }
}
