package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.UnaryOperator;

/**
 * The libtorch compositions behind the rectifier, clamp, exponential and soft activations that DJL
 * has no op for ({@code hardtanh}, {@code celu}, {@code prelu}, {@code softplus} with its
 * arguments), and the guard that gives the exponential family one gradient for a NaN input.
 *
 * <p>Every constant is a 0-dim array of the input's dtype, so it enters each op rounded to that
 * dtype as libtorch's kernels round a {@code Scalar} ({@code alpha.to<scalar_t>()}), and a rank-0
 * input is not promoted to float64. Each composition is written so that libtorch's autograd of it
 * gives the module's backward kernel: a branch that is not selected sees a finite input (it is
 * masked first), so its zero gradient cannot turn into {@code 0 * inf = NaN}.
 *
 * <p><b>NaN inputs.</b> libtorch's CPU kernels for {@code hardtanh_backward} and {@code
 * elu_backward} answer a NaN input differently in their scalar loop (the gradient passes: {@code
 * grad} or {@code grad * scale}) and in their vectorised loop ({@code 0} for hardtanh, NaN for
 * elu), so the answer depends on the element's position and on the CPU's vector width. These
 * compositions give the scalar loop's answer everywhere, which is what PyTorch gives for tensors
 * shorter than one vector pair (16 float32 / 8 float64 elements on AVX2).
 */
final class RectifierOps {
  private RectifierOps() {}

  /** A 0-dim constant of {@code like}'s dtype, in {@code like}'s manager. */
  static NDArray scalar(NDArray like, double value) {
    return like.getManager().create(value).toType(like.getDataType(), false);
  }

  /**
   * {@code hardtanh(x, min, max)}: {@code clamp}'s value ({@code std::min(std::max(x, min), max)},
   * so {@code x} itself where it equals a bound) with {@code hardtanh_backward}'s gradient: {@code
   * grad} where neither {@code x <= min} nor {@code x >= max} holds (a NaN passes it), 0 elsewhere.
   */
  static NDArray hardtanh(NDArray x, double min, double max) {
    NDArray lo = scalar(x, min);
    NDArray hi = scalar(x, max);
    NDArray outside = x.lte(lo).logicalOr(x.gte(hi));
    NDArray held = x.stopGradient();
    NDArray clamped = where(held.lt(lo), lo.broadcast(x.getShape()), held);
    clamped = where(held.gt(hi), hi.broadcast(x.getShape()), clamped);
    return where(outside, clamped, x);
  }

  /**
   * Runs {@code negative} where {@code x <= 0} and {@code positive} elsewhere (NaN included), each
   * on an input masked to 0 where the other branch is taken: the exponential family's kernel {@code
   * x <= 0 ? f(x) : g(x)}, with the scalar loop's gradient for a NaN input.
   */
  static NDArray nonPositiveBranch(
      NDArray x, UnaryOperator<NDArray> negative, UnaryOperator<NDArray> positive) {
    NDArray zero = scalar(x, 0);
    NDArray isNegative = x.lte(zero);
    NDArray zeros = zero.broadcast(x.getShape());
    NDArray negativeInput = where(isNegative, x, zeros);
    NDArray positiveInput = where(isNegative, zeros, x);
    return where(isNegative, negative.apply(negativeInput), positive.apply(positiveInput));
  }

  /**
   * {@code celu(x, alpha)}: {@code x <= 0 ? (exp(x * (1 / alpha)) - 1) * alpha : x}, libtorch's
   * {@code elu(x, alpha, scale=1, input_scale=1/alpha)} kernel written out in its order of
   * operations.
   */
  static NDArray celu(NDArray x, double alpha) {
    NDArray inputScale = scalar(x, 1.0 / alpha);
    NDArray a = scalar(x, alpha);
    NDArray one = scalar(x, 1);
    return nonPositiveBranch(x, n -> n.mul(inputScale).exp().sub(one).mul(a), p -> p);
  }

  /**
   * libtorch's CELU backward, {@code elu_backward(grad, alpha, 1, 1.0 / alpha.toFloat(), false,
   * x)}: {@code x <= 0 ? grad * k * alpha * exp(x * k) : grad} with {@code k = 1 / float(alpha)}
   * (PyTorch's derivative formula rounds alpha to float before inverting it, where the forward uses
   * {@code 1 / alpha}); a NaN input passes the gradient, as the scalar loop does.
   */
  static NDArray celuBackward(NDArray x, NDArray grad, double alpha) {
    NDArray k = scalar(x, 1.0 / (double) (float) alpha);
    NDArray zero = scalar(x, 0);
    NDArray isNegative = x.lte(zero);
    NDArray negativeInput = where(isNegative, x, zero.broadcast(x.getShape()));
    NDArray exponential = negativeInput.mul(k).exp();
    return where(isNegative, grad.mul(k).mul(scalar(x, alpha)).mul(exponential), grad);
  }

  /**
   * {@code prelu(x, weight)}: {@code x > 0 ? x : w * x}, the weight viewed as {@code [1, C, 1,
   * ...]} (or shared when it has one element), as libtorch 2.7.1's {@code prelu} reshapes it; the
   * autograd gradients are {@code _prelu_kernel_backward}'s: {@code x > 0 ? grad : w * grad} and,
   * summed to the weight's shape, {@code x > 0 ? 0 : x * grad}.
   */
  static NDArray prelu(NDArray x, NDArray weight) {
    if (!x.hasGradient() && !weight.hasGradient()) {
      return preluNoGrad(x, weight);
    }
    NDArray w = perChannel(x, weight);
    NDArray zero = scalar(x, 0);
    NDArray positive = x.gt(zero);
    NDArray negativeInput = where(positive, zero.broadcast(x.getShape()), x);
    return where(positive, x, w.mul(negativeInput));
  }

  /**
   * {@link #prelu} where nothing records a gradient: the same {@code x > 0 ? x : w * x} in one
   * native pass for a shared weight (libtorch's {@code leaky_relu} computes {@code x > 0 ? x : x *
   * slope} with the slope converted to the input's dtype, and the weight widened to a double
   * converts back exactly; the product commutes exactly), and in three for a weight per channel
   * instead of the five the differentiable form takes. The differentiable form masks the input
   * before multiplying only so that the weight's gradient stays finite where {@code x} is infinite.
   */
  /**
   * The PReLU weight viewed as {@code [1, C, 1, ...]} against {@code x} (shared when it has one
   * element), in {@code x}'s manager: the view is made in the parameter's, the module's.
   */
  private static NDArray perChannel(NDArray x, NDArray weight) {
    int rank = x.getShape().dimension();
    long[] view = new long[rank];
    java.util.Arrays.fill(view, 1);
    if (rank > 1) {
      view[1] = weight.size();
    }
    NDArray w = JniUtils.reshape((PtNDArray) weight, view);
    w.attach(x.getManager());
    return w;
  }

  private static NDArray preluNoGrad(NDArray x, NDArray weight) {
    if (weight.size() == 1) {
      // (toArray reads the value without making an array in the weight's manager)
      double slope = weight.toArray()[0].doubleValue();
      return JniUtils.leakyRelu((PtNDArray) x, slope);
    }
    NDArray w = perChannel(x, weight);
    return where(x.gt(scalar(x, 0)), x, x.mul(w));
  }

  /**
   * {@code softplus(x, beta, threshold)}: {@code x * beta > threshold ? x : log1p(exp(x * beta)) /
   * beta}. Where {@code x * beta <= 20}, {@code log1p(exp(t))} is libtorch's own {@code softplus}
   * with its default arguments; above 20 (thresholds over 20 only) it is {@code log(exp(t) + 1)},
   * which overflows to {@code inf} exactly where libtorch's does and differs from {@code log1p} by
   * less than an ulp there.
   */
  static NDArray softplus(NDArray x, double beta, double threshold) {
    NDArray b = scalar(x, beta);
    NDArray t = x.mul(b);
    NDArray linear = t.gt(scalar(x, threshold));
    NDArray zeros = scalar(x, 0).broadcast(x.getShape());
    NDArray ts = where(linear, zeros, t);
    NDArray small = ts.lte(scalar(x, 20));
    NDArray large = where(small, zeros, ts);
    NDArray logistic =
        where(small, JniUtils.softPlus((PtNDArray) ts), large.exp().add(scalar(x, 1)).log());
    return where(linear, x, logistic.div(b));
  }

  /**
   * libtorch's {@code softplus_backward}: {@code x * beta > threshold ? grad : grad * z / (z + 1)}
   * with {@code z = exp(x * beta)}, computed directly (no division by beta, so {@code beta=0} gives
   * {@code grad / 2} as PyTorch does).
   */
  static NDArray softplusBackward(NDArray x, NDArray grad, double beta, double threshold) {
    NDArray t = x.mul(scalar(x, beta));
    NDArray z = t.exp();
    NDArray smooth = grad.mul(z).div(z.add(scalar(x, 1)));
    return where(t.gt(scalar(x, threshold)), grad, smooth);
  }

  static NDArray where(NDArray condition, NDArray ifTrue, NDArray ifFalse) {
    return JniUtils.where((PtNDArray) condition, (PtNDArray) ifTrue, (PtNDArray) ifFalse);
  }
}
