package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.BatchNorm1dSpec;

/**
 * {@code torch.nn.BatchNorm1d} on {@code (N, C)} or {@code (N, C, L)}, through libtorch's {@code
 * batch_norm}: training mode normalises by the batch's statistics and, with running statistics,
 * first sets {@code num_batches_tracked += 1}, then lets libtorch update {@code running_mean} and
 * {@code running_var} in place with {@code momentum} or, for {@code momentum=None}, {@code 1 /
 * num_batches_tracked}, exactly as PyTorch's forward does. Eval mode normalises by the running
 * statistics; without them, every call uses the batch's. Parameters start as PyTorch's {@code
 * reset_parameters} sets them: weight ones, bias zeros, running mean zeros, running variance ones,
 * {@code num_batches_tracked} 0 (int64).
 *
 * <p>Backward is libtorch's autograd of the same {@code batch_norm}: through the batch statistics
 * in training mode, the affine map in eval mode. The backward call re-runs the forward on copies of
 * the running statistics, so that only a forward call updates them, as in PyTorch.
 *
 * <p><b>Threads.</b> Forward calls may run concurrently as for every {@link Module}; the training
 * calls that update the running statistics take a lock of this module for the update, so each
 * call's update is applied whole and none is lost (in the order the calls take the lock), and eval
 * calls read a consistent copy of the statistics. {@link #stateDict()} and {@link #get} do not take
 * that lock: read the statistics when no training call is in flight to be sure of a consistent
 * pair.
 */
public final class BatchNorm1d extends Module {
  private final BatchNorm1dSpec spec;
  private final Object statistics = new Object();

  private BatchNorm1d(BatchNorm1dSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
    NormOps.registerNormState(this, spec.numFeatures(), spec.affine(), spec.trackRunningStats());
  }

  /**
   * Builds {@code nn.BatchNorm1d(num_features)} in float32 on the CPU.
   *
   * @param numFeatures {@code C}
   * @return the module; close it when done
   */
  public static BatchNorm1d of(int numFeatures) {
    return of(BatchNorm1dSpec.of(numFeatures), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static BatchNorm1d of(BatchNorm1dSpec spec, DeviceSpec device) {
    return new BatchNorm1d(spec, device);
  }

  @Override
  public BatchNorm1dSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    boolean training = isTraining();
    spec.checkBatchStatistics(TensorConversion.intShape(input.getShape()), training);
    NDManager scratch = input.getManager();
    NDArray weight = array("weight");
    NDArray bias = array("bias");
    double eps = spec.eps();
    if (!spec.trackRunningStats()) {
      long c = input.getShape().get(1);
      return NormOps.batchNorm(
          input, NormOps.zeros(input, c), NormOps.ones(input, c), weight, bias, true, 0.0, eps);
    }
    if (!training || inGradientPass()) {
      NDArray mean;
      NDArray var;
      synchronized (statistics) {
        mean = NormOps.copy(scratch, array("running_mean"));
        var = NormOps.copy(scratch, array("running_var"));
      }
      // A gradient pass normalises by the batch as its forward did; the copies absorb libtorch's
      // update.
      return NormOps.batchNorm(input, mean, var, weight, bias, training, factor(1), eps);
    }
    synchronized (statistics) {
      NDArray tracked = array("num_batches_tracked");
      tracked.addi(1);
      return NormOps.batchNorm(
          input,
          array("running_mean"),
          array("running_var"),
          weight,
          bias,
          true,
          factor(tracked.getLong()),
          eps);
    }
  }

  /** PyTorch's {@code exponential_average_factor} after {@code tracked} batches. */
  private double factor(long tracked) {
    return spec.momentum() == null ? 1.0 / tracked : spec.momentum();
  }
}
