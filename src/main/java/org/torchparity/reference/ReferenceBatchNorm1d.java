package org.torchparity.reference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.spec.BatchNorm1dSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.BatchNorm1d} in plain Java: per channel, over the batch and the positions, {@code y =
 * (x - mean) / sqrt(var + eps) * weight + bias}. With the batch's statistics (training mode, or no
 * running statistics) the variance is the biased one, and a training call with running statistics
 * then sets {@code num_batches_tracked += 1} and {@code running = (1 - f) * running + f * batch}
 * with the unbiased variance for {@code running_var}, {@code f} being {@code momentum} or, for
 * {@code momentum=None}, {@code 1 / num_batches_tracked}; an empty input leaves the statistics as
 * they were (libtorch returns before computing them). In eval mode the running statistics are used
 * and backward is the affine map {@code dx = dy * weight / sqrt(running_var + eps)}.
 */
public final class ReferenceBatchNorm1d implements ReferenceModule {
  private final BatchNorm1dSpec spec;

  /**
   * Creates the reference of one module.
   *
   * @param spec the module's arguments
   */
  public ReferenceBatchNorm1d(BatchNorm1dSpec spec) {
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

  private NormMath.Layout layout(int[] shape) {
    int s = shape.length == 3 ? shape[2] : 1;
    return NormMath.channels(shape[0], shape[1], s, (n, c) -> c, shape[1]);
  }

  private NormMath.Stats stats(
      Map<String, Tensor> state, double[] x, NormMath.Layout layout, boolean training) {
    if (spec.usesBatchStatistics(training)) {
      return NormMath.batchStats(x, layout);
    }
    return new NormMath.Stats(
        state.get("running_mean").toDoubleArray(), state.get("running_var").toDoubleArray());
  }

  @Override
  public ModuleOutputs call(Map<String, Tensor> state, Tensor input, boolean training) {
    int[] shape = spec.outputShape(input.shape());
    spec.checkBatchStatistics(shape, training);
    double[] x = input.toDoubleArray();
    NormMath.Layout layout = layout(shape);
    NormMath.Stats stats = stats(state, x, layout, training);
    double[] y = ReferenceNorms.normalize(x, layout, stats, spec.eps(), state);
    Map<String, Tensor> after = new LinkedHashMap<>();
    if (spec.trackRunningStats()) {
      Tensor mean = state.get("running_mean");
      Tensor var = state.get("running_var");
      long tracked = state.get("num_batches_tracked").toLongArray()[0];
      if (training) {
        tracked++;
        if (x.length > 0) {
          double f = spec.momentum() == null ? 1.0 / tracked : spec.momentum();
          long count = x.length / Math.max(1, shape[1]);
          double[] unbiased = stats.var().clone();
          for (int c = 0; c < unbiased.length; c++) {
            unbiased[c] = unbiased[c] * count / (count - 1);
          }
          mean = ReferenceNorms.blend(mean, stats.mean(), f);
          var = ReferenceNorms.blend(var, unbiased, f);
        }
      }
      after.put("running_mean", mean);
      after.put("running_var", var);
      after.put("num_batches_tracked", Tensor.ofLongs(new int[0], new long[] {tracked}));
    }
    return new ModuleOutputs(List.of(Tensor.of(spec.dtype(), shape, y)), after);
  }

  @Override
  public Gradients backward(
      Map<String, Tensor> state, Tensor input, Tensor gradOutput, boolean training) {
    int[] shape = spec.outputShape(input.shape());
    spec.checkBatchStatistics(shape, training);
    double[] x = input.toDoubleArray();
    NormMath.Layout layout = layout(shape);
    NormMath.Grads g =
        NormMath.backward(
            x,
            gradOutput.toDoubleArray(),
            layout,
            stats(state, x, layout, training),
            spec.usesBatchStatistics(training),
            spec.eps(),
            ReferenceNorms.values(state, "weight"),
            shape[1],
            spec.affine());
    return ReferenceNorms.gradients(
        spec.dtype(), input.shape(), g, spec.affine() ? new int[] {shape[1]} : null, true);
  }
}
