package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.LpPool1dSpec;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.LPPool1d}, step by step as PyTorch's {@code lp_pool1d} composes it, forward and
 * autograd: {@code a = avg_pool1d(x^p)} (divisor: the window clipped to the input), {@code u =
 * sign(a) relu(|a|)}, {@code v = u k}, {@code y = v^(1/p)}. Backward runs each step's derivative as
 * libtorch's autograd does: {@code pow}'s {@code e v^(e - 1)}; {@code mul}; {@code sign}'s zero
 * gradient; relu's backward, which passes nothing where {@code |a| <= 0} (so a window whose {@code
 * a} is 0 sends 0, not the {@code 0 * inf} of the root's slope); {@code abs}'s {@code sgn(a)}; the
 * average's {@code 1 / divisor}; and {@code p x^(p - 1)}. Powers follow {@link PoolRows#torchPow}.
 */
public final class ReferenceLpPool1d implements ReferenceModule {
  private final LpPool1dSpec spec;

  /**
   * Creates the reference.
   *
   * @param spec the module's arguments
   */
  public ReferenceLpPool1d(LpPool1dSpec spec) {
    this.spec = spec;
  }

  /** The average of {@code x^p} over window {@code o} of row {@code r}. */
  private double average(double[] x, int r, int o, int length) {
    long start = (long) o * spec.strideValue();
    long end = Math.min(start + spec.kernelSize(), length);
    double sum = 0;
    for (long i = start; i < end; i++) {
      sum += PoolRows.torchPow(x[r * length + (int) i], spec.normType());
    }
    return sum / spec.divisor(o, length);
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] outShape = spec.outputShape(input.shape());
    int length = input.shape()[input.dim() - 1];
    int out = outShape[outShape.length - 1];
    int rows = input.numel() / length;
    double[] x = input.toDoubleArray();
    double[] y = new double[rows * out];
    double root = 1.0 / spec.normType();
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double a = average(x, r, o, length);
        double u = PoolRows.torchSign(a) * relu(Math.abs(a));
        y[r * out + o] = PoolRows.torchPow(u * spec.kernelSize(), root);
      }
    }
    return Tensor.of(input.dtype(), outShape, y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    spec.checkGradOutput(input.shape(), gradOutput);
    int[] outShape = spec.outputShape(input.shape());
    int length = input.shape()[input.dim() - 1];
    int out = outShape[outShape.length - 1];
    int rows = input.numel() / length;
    double[] x = input.toDoubleArray();
    double p = spec.normType();
    double root = 1.0 / p;
    int k = spec.kernelSize();
    double[] gradPow = new double[input.numel()];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double a = average(x, r, o, length);
        double sign = PoolRows.torchSign(a);
        double v = sign * relu(Math.abs(a)) * k;
        double g = gradOutput.getFlat(r * out + o);
        // pow_backward(grad, v, e): zeros for e == 0, else grad * (e * v^(e - 1)).
        double gradV = root == 0 ? 0 : g * (root * PoolRows.torchPow(v, root - 1));
        double gradU = gradV * k;
        double gradRelu = gradU * sign;
        // threshold_backward: nothing passes where relu's input |a| <= 0 (NaN passes).
        double gradAbs = Math.abs(a) <= 0 ? 0 : gradRelu;
        double gradA = gradAbs * sign;
        double share = gradA / spec.divisor(o, length);
        long start = (long) o * spec.strideValue();
        long end = Math.min(start + k, length);
        for (long i = start; i < end; i++) {
          gradPow[r * length + (int) i] += share;
        }
      }
    }
    double[] grad = new double[input.numel()];
    for (int i = 0; i < grad.length; i++) {
      grad[i] = gradPow[i] * (p * PoolRows.torchPow(x[i], p - 1));
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), grad), Map.of());
  }

  /** {@code relu}: NaN stays NaN. */
  private static double relu(double x) {
    return x < 0 ? 0 : x;
  }
}
