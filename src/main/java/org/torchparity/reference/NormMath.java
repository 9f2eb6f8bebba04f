package org.torchparity.reference;

/**
 * The arithmetic every normalisation layer shares, in double: each element belongs to one
 * statistics group (a BatchNorm channel, an InstanceNorm {@code (sample, channel)}, a GroupNorm
 * {@code (sample, group)}, a LayerNorm row) and to one affine slot (the index into {@code weight}
 * and {@code bias}). With the batch's statistics, {@code y = (x - mean) / sqrt(var + eps) * w + b}
 * with the biased variance; with fixed statistics (running ones, in eval mode) the same with the
 * given mean and variance. The backward pass is the textbook derivative of each form.
 */
final class NormMath {
  private NormMath() {}

  /**
   * Where each element goes.
   *
   * @param group the statistics group of each flat element
   * @param groups the number of groups
   * @param slot the affine slot of each flat element
   */
  record Layout(int[] group, int groups, int[] slot) {

    /** Counts the elements of each group. */
    long[] counts() {
      long[] count = new long[groups];
      for (int g : group) {
        count[g]++;
      }
      return count;
    }
  }

  /**
   * A group's statistics.
   *
   * @param mean the mean of each group
   * @param var the biased variance of each group
   */
  record Stats(double[] mean, double[] var) {}

  /**
   * The mean and the biased variance of each group, two passes in double (NaN for an empty one).
   */
  static Stats batchStats(double[] x, Layout layout) {
    double[] mean = new double[layout.groups()];
    double[] var = new double[layout.groups()];
    long[] count = layout.counts();
    for (int i = 0; i < x.length; i++) {
      mean[layout.group()[i]] += x[i];
    }
    for (int g = 0; g < mean.length; g++) {
      mean[g] /= count[g];
    }
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - mean[layout.group()[i]];
      var[layout.group()[i]] += d * d;
    }
    for (int g = 0; g < var.length; g++) {
      var[g] /= count[g];
    }
    return new Stats(mean, var);
  }

  /**
   * Normalises with the given statistics and applies the affine map.
   *
   * @param x the input
   * @param layout where each element goes
   * @param stats each group's mean and variance
   * @param eps the variance's epsilon
   * @param weight per slot, or {@code null} for 1
   * @param bias per slot, or {@code null} for 0
   * @return the output
   */
  static double[] normalize(
      double[] x, Layout layout, Stats stats, double eps, double[] weight, double[] bias) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int g = layout.group()[i];
      int s = layout.slot()[i];
      double v = (x[i] - stats.mean()[g]) / Math.sqrt(stats.var()[g] + eps);
      if (weight != null) {
        v *= weight[s];
      }
      if (bias != null) {
        v += bias[s];
      }
      y[i] = v;
    }
    return y;
  }

  /**
   * The gradients of {@link #normalize}.
   *
   * @param gradInput filled with the input's gradient
   * @param gradWeight filled (accumulated) with the weight's gradient, or {@code null}
   * @param gradBias filled (accumulated) with the bias's gradient, or {@code null}
   */
  record Grads(double[] gradInput, double[] gradWeight, double[] gradBias) {}

  /**
   * Backward through {@link #normalize}: with {@code batchStats} the statistics are the input's
   * own, so the gradient flows through them ({@code dx = invstd * (dxhat - mean(dxhat) - xhat *
   * mean(dxhat * xhat))} per group, {@code dxhat = dy * w}); otherwise they are constants ({@code
   * dx = dy * w * invstd}). Either way {@code dw = sum(dy * xhat)} and {@code db = sum(dy)} per
   * slot.
   *
   * @param x the input
   * @param dy the output's gradient
   * @param layout where each element goes
   * @param stats the statistics used forward
   * @param batchStats whether they were the input's own
   * @param eps the variance's epsilon
   * @param weight per slot, or {@code null} for 1
   * @param slots the number of affine slots (for the parameter gradients)
   * @param affineGrads whether to return weight and bias gradients
   * @return the gradients
   */
  static Grads backward(
      double[] x,
      double[] dy,
      Layout layout,
      Stats stats,
      boolean batchStats,
      double eps,
      double[] weight,
      int slots,
      boolean affineGrads) {
    int groups = layout.groups();
    double[] invstd = new double[groups];
    for (int g = 0; g < groups; g++) {
      invstd[g] = 1 / Math.sqrt(stats.var()[g] + eps);
    }
    double[] xhat = new double[x.length];
    double[] dxhat = new double[x.length];
    double[] gradWeight = affineGrads ? new double[slots] : null;
    double[] gradBias = affineGrads ? new double[slots] : null;
    for (int i = 0; i < x.length; i++) {
      int g = layout.group()[i];
      int s = layout.slot()[i];
      xhat[i] = (x[i] - stats.mean()[g]) * invstd[g];
      dxhat[i] = weight == null ? dy[i] : dy[i] * weight[s];
      if (affineGrads) {
        gradWeight[s] += dy[i] * xhat[i];
        gradBias[s] += dy[i];
      }
    }
    double[] dx = new double[x.length];
    if (!batchStats) {
      for (int i = 0; i < x.length; i++) {
        dx[i] = dxhat[i] * invstd[layout.group()[i]];
      }
      return new Grads(dx, gradWeight, gradBias);
    }
    long[] count = layout.counts();
    double[] sum = new double[groups];
    double[] dot = new double[groups];
    for (int i = 0; i < x.length; i++) {
      int g = layout.group()[i];
      sum[g] += dxhat[i];
      dot[g] += dxhat[i] * xhat[i];
    }
    for (int i = 0; i < x.length; i++) {
      int g = layout.group()[i];
      dx[i] = invstd[g] * (dxhat[i] - sum[g] / count[g] - xhat[i] * dot[g] / count[g]);
    }
    return new Grads(dx, gradWeight, gradBias);
  }

  /**
   * The layout of a {@code (N, C, S)} input whose statistics group is chosen per {@code (n, c)} and
   * whose affine slot is the channel.
   *
   * @param n the batch
   * @param c the channels
   * @param s the positions per channel
   * @param groupOf the group of {@code (n, c)}
   * @param groups the number of groups
   * @return the layout
   */
  static Layout channels(
      int n, int c, int s, java.util.function.IntBinaryOperator groupOf, int groups) {
    int[] group = new int[Math.multiplyExact(Math.multiplyExact(n, c), s)];
    int[] slot = new int[group.length];
    for (int i = 0; i < group.length; i++) {
      int channel = (i / s) % c;
      group[i] = groupOf.applyAsInt(i / (c * s), channel);
      slot[i] = channel;
    }
    return new Layout(group, groups, slot);
  }
}
