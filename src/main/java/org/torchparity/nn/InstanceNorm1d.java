package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.InstanceNorm1dSpec;

/**
 * {@code torch.nn.InstanceNorm1d} on {@code (N, C, L)} or unbatched {@code (C, L)}. DJL exposes no
 * {@code instance_norm}, so this runs what libtorch's {@code instance_norm} itself runs: the input
 * viewed as {@code (1, N * C, L)}, the weight, bias and running statistics repeated {@code N}
 * times, one {@code batch_norm} call (batch statistics when training or without running statistics,
 * else the running ones), and, after a training call with running statistics, each running
 * statistic set to the average over the batch of its updated copies. {@code num_batches_tracked} is
 * registered but never incremented, as in PyTorch. Parameters start as weight ones, bias zeros,
 * running mean zeros, running variance ones.
 *
 * <p>Backward is libtorch's autograd of the same composition; a backward call works on copies of
 * the running statistics. In eval mode libtorch's {@code instance_norm} also writes the average of
 * the repeated running statistics back, which can move them in the last bit; this module leaves
 * them untouched (see docs/modules/norm.md).
 *
 * <p><b>Threads.</b> As {@link BatchNorm1d}: a training call's update of the running statistics is
 * made under a lock of this module, whole; eval calls read a consistent copy.
 */
public final class InstanceNorm1d extends Module {
  private static final NDIndex ALL = new NDIndex("...");

  private final InstanceNorm1dSpec spec;
  private final Object statistics = new Object();

  private InstanceNorm1d(InstanceNorm1dSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
    NormOps.registerNormState(this, spec.numFeatures(), spec.affine(), spec.trackRunningStats());
  }

  /**
   * Builds {@code nn.InstanceNorm1d(num_features)} in float32 on the CPU.
   *
   * @param numFeatures {@code C}
   * @return the module; close it when done
   */
  public static InstanceNorm1d of(int numFeatures) {
    return of(InstanceNorm1dSpec.of(numFeatures), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static InstanceNorm1d of(InstanceNorm1dSpec spec, DeviceSpec device) {
    return new InstanceNorm1d(spec, device);
  }

  @Override
  public InstanceNorm1dSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    boolean training = isTraining();
    Shape inputShape = input.getShape();
    spec.checkInstanceStatistics(TensorConversion.intShape(inputShape), training);
    NDManager scratch = input.getManager();
    NDArray x = inputShape.dimension() == 2 ? input.expandDims(0) : input;
    long n = x.getShape().get(0);
    long c = x.getShape().get(1);
    NDArray flat = x.reshape(1, n * c, x.getShape().get(2));
    NDArray weight = array("weight") == null ? null : NormOps.tile(scratch, array("weight"), n);
    NDArray bias = array("bias") == null ? null : NormOps.tile(scratch, array("bias"), n);
    boolean inputStats = spec.usesInputStatistics(training);
    double momentum = spec.momentum();
    NDArray y;
    if (!spec.trackRunningStats()) {
      y =
          NormOps.batchNorm(
              flat,
              NormOps.zeros(flat, n * c),
              NormOps.ones(flat, n * c),
              weight,
              bias,
              true,
              momentum,
              spec.eps());
    } else if (!training || inGradientPass()) {
      NDArray mean;
      NDArray var;
      synchronized (statistics) {
        mean = NormOps.tile(scratch, array("running_mean"), n);
        var = NormOps.tile(scratch, array("running_var"), n);
      }
      y = NormOps.batchNorm(flat, mean, var, weight, bias, inputStats, momentum, spec.eps());
    } else {
      synchronized (statistics) {
        NDArray runningMean = array("running_mean");
        NDArray runningVar = array("running_var");
        NDArray mean = NormOps.tile(scratch, runningMean, n);
        NDArray var = NormOps.tile(scratch, runningVar, n);
        y = NormOps.batchNorm(flat, mean, var, weight, bias, true, momentum, spec.eps());
        runningMean.set(ALL, mean.reshape(n, c).mean(new int[] {0}));
        runningVar.set(ALL, var.reshape(n, c).mean(new int[] {0}));
      }
    }
    return y.reshape(inputShape);
  }
}
