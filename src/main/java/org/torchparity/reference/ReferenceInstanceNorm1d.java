package org.torchparity.reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InstanceNorm1dSpec;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.InstanceNorm1d} in plain Java: each {@code (sample, channel)} normalised over its
 * {@code L} positions with its biased variance, then the per-channel affine map. With running
 * statistics, a training call sets each running statistic to {@code (1 - momentum) * running +
 * momentum * avg_n(stat[n, c])} (the unbiased variance for {@code running_var}), as libtorch's
 * {@code instance_norm} does by averaging the per-sample updated copies; an empty batch gives NaN
 * (the average of nothing), empty positions leave them as they were; {@code num_batches_tracked}
 * never changes. Eval mode with running statistics normalises by them (backward is then the affine
 * map). An unbatched {@code (C, L)} input is a batch of one.
 */
public final class ReferenceInstanceNorm1d implements ReferenceModule {
  private final InstanceNorm1dSpec spec;

  /**
   * Creates the reference of one module.
   *
   * @param spec the module's arguments
   */
  public ReferenceInstanceNorm1d(InstanceNorm1dSpec spec) {
    this.spec = spec;
  }

  /** The forward pass of a freshly built module, which trains, as PyTorch's does. */
  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return call(state, input, true).output();
  }

  /** The backward pass of a freshly built module, in training mode. */
  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    return backward(state, input, gradOutput, true);
  }

  private static int[] batched(int[] shape) {
    return shape.length == 3 ? shape : new int[] {1, shape[0], shape[1]};
  }

  private static NormMath.Layout layout(int[] b) {
    int channels = b[1];
    return NormMath.channels(b[0], channels, b[2], (n, c) -> n * channels + c, b[0] * channels);
  }

  private NormMath.Stats stats(
      Map<String, Tensor> state, double[] x, int[] b, NormMath.Layout layout, boolean training) {
    if (spec.usesInputStatistics(training)) {
      return NormMath.batchStats(x, layout);
    }
    double[] runningMean = state.get("running_mean").toDoubleArray();
    double[] runningVar = state.get("running_var").toDoubleArray();
    double[] mean = new double[layout.groups()];
    double[] var = new double[layout.groups()];
    for (int g = 0; g < mean.length; g++) {
      mean[g] = runningMean[g % b[1]];
      var[g] = runningVar[g % b[1]];
    }
    return new NormMath.Stats(mean, var);
  }

  @Override
  public ModuleOutputs call(Map<String, Tensor> state, Tensor input, boolean training) {
    int[] shape = spec.outputShape(input.shape());
    spec.checkInstanceStatistics(shape, training);
    int[] b = batched(shape);
    double[] x = input.toDoubleArray();
    NormMath.Layout layout = layout(b);
    NormMath.Stats stats = stats(state, x, b, layout, training);
    double[] y = ReferenceNorms.normalize(x, layout, stats, spec.eps(), state);
    Map<String, Tensor> after = new LinkedHashMap<>();
    if (spec.trackRunningStats()) {
      Tensor mean = state.get("running_mean");
      Tensor var = state.get("running_var");
      if (training && (b[0] == 0 || b[2] > 0)) {
        int channels = b[1];
        double[] meanAvg = new double[channels];
        double[] varAvg = new double[channels];
        for (int g = 0; g < layout.groups(); g++) {
          meanAvg[g % channels] += stats.mean()[g];
          varAvg[g % channels] += stats.var()[g] * b[2] / (b[2] - 1);
        }
        for (int c = 0; c < channels; c++) {
          // An empty batch averages nothing: 0 / 0, NaN, as libtorch's mean over no samples.
          meanAvg[c] /= b[0];
          varAvg[c] /= b[0];
        }
        double m = spec.momentum();
        mean = ReferenceNorms.blend(mean, meanAvg, m);
        var = ReferenceNorms.blend(var, varAvg, m);
      }
      after.put("running_mean", mean);
      after.put("running_var", var);
      after.put("num_batches_tracked", state.get("num_batches_tracked"));
    }
    return new ModuleOutputs(List.of(Tensor.of(spec.dtype(), shape, y)), after);
  }

  @Override
  public Gradients backward(
      Map<String, Tensor> state, Tensor input, Tensor gradOutput, boolean training) {
    int[] shape = spec.outputShape(input.shape());
    spec.checkInstanceStatistics(shape, training);
    int[] b = batched(shape);
    double[] x = input.toDoubleArray();
    NormMath.Layout layout = layout(b);
    NormMath.Grads g =
        NormMath.backward(
            x,
            gradOutput.toDoubleArray(),
            layout,
            stats(state, x, b, layout, training),
            spec.usesInputStatistics(training),
            spec.eps(),
            ReferenceNorms.values(state, "weight"),
            b[1],
            spec.affine());
    return ReferenceNorms.gradients(
        spec.dtype(), input.shape(), g, spec.affine() ? new int[] {b[1]} : null, true);
  }
}
