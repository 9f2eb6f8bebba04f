package org.torchparity.reference;

import org.torchparity.spec.Tensor;

/**
 * The window averages AvgPool1d and AdaptiveAvgPool1d compute along the last axis, forward and
 * backward, written once: output {@code o} of each row is the sum of inputs {@code [from(o),
 * to(o))}, in order, over {@code divisor(o)}; its gradient is spread back evenly over the same
 * window.
 */
interface AveragingWindows {
  /** The first input of window {@code o}. */
  long from(int o);

  /** One past the last input of window {@code o}. */
  long to(int o);

  /** What window {@code o}'s sum is divided by. */
  double divisor(int o);

  /**
   * The averages of every row.
   *
   * @param input {@code (..., length)}
   * @param outShape {@code (..., out)}
   * @return the output
   */
  default Tensor forward(Tensor input, int[] outShape) {
    int length = input.shape()[input.dim() - 1];
    int out = outShape[outShape.length - 1];
    int rows = input.numel() / length;
    double[] x = input.toDoubleArray();
    double[] y = new double[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double sum = 0;
        for (long i = from(o); i < to(o); i++) {
          sum += x[r * length + (int) i];
        }
        y[r * out + o] = sum / divisor(o);
      }
    }
    return Tensor.of(input.dtype(), outShape, y);
  }

  /**
   * The input's gradient: each output's gradient over its divisor, added to its window's inputs.
   *
   * @param input the forward input
   * @param outShape the output's shape
   * @param gradOutput the output's gradient
   * @return grad_input
   */
  default Tensor backward(Tensor input, int[] outShape, Tensor gradOutput) {
    int length = input.shape()[input.dim() - 1];
    int out = outShape[outShape.length - 1];
    int rows = input.numel() / length;
    double[] grad = new double[input.numel()];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double g = gradOutput.getFlat(r * out + o) / divisor(o);
        for (long i = from(o); i < to(o); i++) {
          grad[r * length + (int) i] += g;
        }
      }
    }
    return Tensor.of(input.dtype(), input.shape(), grad);
  }
}
