package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The smooth gates libtorch has kernels for but DJL 0.36 does not reach ({@code gelu(approximate=
 * 'tanh')}, {@code silu}, {@code mish}, {@code hardswish}, {@code hardsigmoid} and the two hard
 * gates' backward kernels), composed from libtorch ops DJL does reach. Every constant is a 0-d
 * array of the input's dtype, so that float32 stays float32 (a 0-d float64 constant would promote a
 * 0-d float32 input to float64) and each constant is rounded to the dtype as PyTorch's kernels
 * round theirs. The forwards follow PyTorch's CPU kernels operation by operation where libtorch's
 * autograd of that order stays finite, and otherwise an equal formula whose autograd does (see each
 * method).
 */
final class GateOps {
  private GateOps() {}

  /** A 0-d array holding {@code value} in {@code like}'s dtype, manager and device. */
  static NDArray constant(NDArray like, double value) {
    return like.getDataType() == DataType.FLOAT32
        ? like.getManager().create((float) value)
        : like.getManager().create(value);
  }

  /**
   * {@code gelu(x, approximate='tanh')}: {@code 0.5 * x * (1 + tanh(kBeta * (x + kKappa * x^3)))}
   * with {@code kBeta = sqrt(2) * (2 / sqrt(pi)) * 0.5} and {@code kKappa = 0.044715}, in the order
   * of PyTorch's CPU kernel ({@code x * x * x}, then {@code (0.5 * x) * (1 + tanh(inner))}). Its
   * autograd gives PyTorch's {@code gelu_backward} formula up to rounding, and NaN where PyTorch's
   * does: where {@code x * x} overflows (|x| above 1.8e19 in float32) and at ±inf.
   */
  static NDArray geluTanh(NDArray x) {
    double beta = Math.sqrt(2) * (2 / Math.sqrt(Math.PI)) * 0.5;
    NDArray cube = x.mul(x).mul(x);
    NDArray inner = x.add(cube.mul(constant(x, 0.044715))).mul(constant(x, beta));
    return x.mul(constant(x, 0.5)).mul(inner.tanh().add(constant(x, 1)));
  }

  /**
   * {@code silu(x)} as {@code x * sigmoid(x)}. PyTorch's kernel computes {@code x / (1 + exp(-x))},
   * the same value up to one rounding; its autograd, though, overflows ({@code exp(-x)} is inf for
   * x below -88.7 in float32, and {@code x * inf / inf} is NaN) where the product's autograd gives
   * PyTorch's {@code silu_backward}, {@code sigmoid(x) * (1 + x * (1 - sigmoid(x)))}, with its
   * zeros.
   */
  static NDArray silu(NDArray x) {
    return x.mul(x.getNDArrayInternal().sigmoid());
  }

  /**
   * {@code mish(x)} as {@code x * tanh(softplus(x))} with libtorch's {@code softplus} (beta 1,
   * threshold 20: {@code x} itself above 20). PyTorch's kernel computes {@code
   * tanh(log1p(exp(x)))}; above 20 both round {@code tanh} to 1 in float32 and float64. {@code
   * softplus}'s autograd is {@code sigmoid(x)} (1 above the threshold), so the product's autograd
   * is PyTorch's {@code mish_backward} formula, {@code tanh(sp) + x * sigmoid(x) * (1 -
   * tanh(sp)^2)}, without the {@code inf / inf} that {@code log1p(exp(x))}'s autograd meets above
   * 88.7 in float32.
   */
  static NDArray mish(NDArray x) {
    return x.mul(JniUtils.softPlus((PtNDArray) x).tanh());
  }

  /**
   * {@code hardswish(x)}: {@code x * min(max(x + 3, 0), 6) / 6}, PyTorch's CPU kernel's order (so
   * {@code x * 6} overflows to inf above 5.7e37 in float32, as PyTorch's does; NaN stays NaN).
   */
  static NDArray hardswish(NDArray x) {
    return x.mul(relu6(x.add(constant(x, 3)))).div(constant(x, 6));
  }

  /**
   * {@code hardswish_backward} as libtorch 2.7.1's CPU kernel computes it: 0 below -3, {@code grad
   * * (x / 3 + 0.5)} from -3 to 3 inclusive (so -0.5 at -3 and 1.5 at 3), {@code grad} above 3. A
   * NaN input gives NaN, as the kernel's vectorized body does (its scalar tail, the last elements
   * of a tensor, passes {@code grad} instead; see docs/modules/activations-gate.md).
   */
  static NDArray hardswishBackward(NDArray x, NDArray grad) {
    NDArray middle = grad.mul(x.div(constant(x, 3)).add(constant(x, 0.5)));
    NDArray upper = where(x.gt(constant(x, 3)), grad, middle);
    return where(x.lt(constant(x, -3)), constant(x, 0), upper);
  }

  /** {@code hardsigmoid(x)}: {@code min(max(x + 3, 0), 6) / 6}, PyTorch's CPU kernel's order. */
  static NDArray hardsigmoid(NDArray x) {
    return relu6(x.add(constant(x, 3))).div(constant(x, 6));
  }

  /**
   * {@code hardsigmoid_backward} as PyTorch's CPU kernel computes it: {@code grad * one_sixth}
   * strictly between -3 and 3, 0 elsewhere (at ±3, for NaN and for ±inf). {@code one_sixth} is
   * PyTorch's {@code 1.0f / 6.0f}, a float32 constant, also in float64 (0.1666666716337204, not
   * 1/6): libtorch 2.7.1 and PyTorch 1.13 both give that gradient.
   */
  static NDArray hardsigmoidBackward(NDArray x, NDArray grad) {
    NDArray inside = x.gt(constant(x, -3)).logicalAnd(x.lt(constant(x, 3)));
    NDArray scaled = grad.mul(constant(x, 1.0f / 6.0f));
    return where(inside, scaled, constant(x, 0));
  }

  /** libtorch's {@code where(condition, a, b)}, broadcasting. */
  private static NDArray where(NDArray condition, NDArray a, NDArray b) {
    return JniUtils.where((PtNDArray) condition, (PtNDArray) a, (PtNDArray) b);
  }

  /** {@code min(max(v, 0), 6)}, NaN staying NaN (libtorch's maximum and minimum propagate it). */
  private static NDArray relu6(NDArray v) {
    return v.maximum(constant(v, 0)).minimum(constant(v, 6));
  }
}
