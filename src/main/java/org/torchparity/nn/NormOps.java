package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The libtorch calls the normalisation layers share. DJL's ops attach their result to the
 * receiver's manager, which for a parameter or buffer is the module's own: every result made from
 * one is attached to the call's scratch manager here, so that nothing accumulates in the module.
 */
final class NormOps {
  private NormOps() {}

  /** Attaches {@code result} to {@code scratch} and returns it. */
  /**
   * Registers the state PyTorch's {@code _NormBase.__init__} gives BatchNorm1d and InstanceNorm1d,
   * as {@code reset_parameters} sets it: with {@code affine}, weight ones and bias zeros; with
   * {@code track_running_stats}, running mean zeros, running variance ones and an int64 {@code
   * num_batches_tracked} of 0.
   */
  static void registerNormState(Module m, int numFeatures, boolean affine, boolean track) {
    Shape channels = new Shape(numFeatures);
    if (affine) {
      m.registerParameter("weight", m.manager().ones(channels, m.dataType()));
      m.registerParameter("bias", m.manager().zeros(channels, m.dataType()));
    }
    if (track) {
      m.registerBuffer("running_mean", m.manager().zeros(channels, m.dataType()));
      m.registerBuffer("running_var", m.manager().ones(channels, m.dataType()));
      m.registerBuffer("num_batches_tracked", m.manager().create(0L));
    }
  }

  static NDArray in(NDManager scratch, NDArray result) {
    result.attach(scratch);
    return result;
  }

  /** A copy of a parameter or buffer, owned by {@code scratch}. */
  static NDArray copy(NDManager scratch, NDArray array) {
    return in(scratch, array.duplicate());
  }

  /** {@code array.tile(times)} along its one dimension, as libtorch's {@code repeat(times)}. */
  static NDArray tile(NDManager scratch, NDArray array, long times) {
    return in(scratch, array.tile(new long[] {times}));
  }

  /** {@code torch.ones(n)} of {@code like}'s dtype. */
  static NDArray ones(NDArray like, long n) {
    return like.getManager().ones(new Shape(n), like.getDataType());
  }

  /** {@code torch.zeros(n)} of {@code like}'s dtype. */
  static NDArray zeros(NDArray like, long n) {
    return like.getManager().zeros(new Shape(n), like.getDataType());
  }

  /**
   * libtorch's {@code batch_norm} on {@code (N, C, *)}, through DJL's {@code JniUtils.batchNorm}.
   * In training mode libtorch normalises by the batch's statistics and updates {@code runningMean}
   * and {@code runningVar} in place ({@code running = (1 - momentum) * running + momentum * batch},
   * unbiased variance); otherwise it normalises by them. Without a weight or a bias, ones and zeros
   * stand in (the same values: {@code x * 1 + 0}); an empty input without a weight is returned as a
   * view (libtorch copies it; without a weight there is no {@code weight[0]} to scale it by).
   *
   * @param x the input, in the call's scratch manager
   * @param runningMean per channel; updated in training mode
   * @param runningVar per channel; updated in training mode
   * @param weight per channel, or {@code null}
   * @param bias per channel, or {@code null}
   * @param training batch statistics (and the update) or the running ones
   * @param momentum the update factor
   * @param eps the variance's epsilon
   * @return the output, in {@code x}'s manager
   */
  static NDArray batchNorm(
      NDArray x,
      NDArray runningMean,
      NDArray runningVar,
      NDArray weight,
      NDArray bias,
      boolean training,
      double momentum,
      double eps) {
    if (weight == null && x.size() == 0) {
      // A view keeps the autograd graph (DJL's duplicate() does not); it has no elements to share.
      return x.reshape(x.getShape());
    }
    long channels = x.getShape().get(1);
    NDArray w = weight != null ? weight : ones(x, channels);
    NDArray b = bias != null ? bias : zeros(x, channels);
    // DJL 0.36 names JniUtils.batchNorm's parameters (input, gamma, beta, runningMean,
    // runningVar), but passes them on positionally to a native function that reads them as
    // (input, running_mean, running_var, weight, bias): the order below is the native one.
    return JniUtils.batchNorm(
        (PtNDArray) x,
        (PtNDArray) runningMean,
        (PtNDArray) runningVar,
        (PtNDArray) w,
        (PtNDArray) b,
        training,
        momentum,
        eps);
  }

  /**
   * libtorch's {@code layer_norm} over the trailing {@code normalized} dimensions; ones and zeros
   * stand in for a missing weight or bias.
   *
   * @param x the input, in the call's scratch manager
   * @param normalized the trailing dimensions
   * @param weight of that shape, or {@code null}
   * @param bias of that shape, or {@code null}
   * @param eps the variance's epsilon
   * @return the output, in {@code x}'s manager
   */
  static NDArray layerNorm(NDArray x, long[] normalized, NDArray weight, NDArray bias, double eps) {
    Shape shape = new Shape(normalized);
    NDArray w = weight != null ? weight : x.getManager().ones(shape, x.getDataType());
    NDArray b = bias != null ? bias : x.getManager().zeros(shape, x.getDataType());
    return JniUtils.layerNorm((PtNDArray) x, shape, (PtNDArray) w, (PtNDArray) b, eps);
  }
}
