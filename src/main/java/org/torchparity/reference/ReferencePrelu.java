package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.PReLU}: {@code y = x > 0 ? x : w * x}, with {@code w} the element's channel weight (dim
 * 1 of an input of rank 2 or more) or the one shared weight; libtorch's {@code
 * _prelu_kernel_backward}: {@code grad_input = x > 0 ? g : w * g} and {@code grad_weight[c] = sum
 * over the channel of (x > 0 ? 0 : x * g)}, accumulated in double. A NaN input gives a NaN output
 * and weight gradient and {@code w * g} as grad_input; {@code +inf} adds nothing to the weight's
 * gradient.
 */
public final class ReferencePrelu implements ReferenceModule {

  /** Creates the reference. */
  public ReferencePrelu() {}

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    Tensor weight = state.get("weight");
    double[] y = input.toDoubleArray();
    for (int i = 0; i < y.length; i++) {
      double x = y[i];
      y[i] = x > 0 ? x : weight.getFlat(channel(input, weight, i)) * x;
    }
    return Tensor.of(input.dtype(), input.shape(), y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    Tensor weight = state.get("weight");
    double[] gradInput = gradOutput.toDoubleArray();
    double[] gradWeight = new double[weight.numel()];
    for (int i = 0; i < gradInput.length; i++) {
      double x = input.getFlat(i);
      double g = gradInput[i];
      int c = channel(input, weight, i);
      if (!(x > 0)) {
        gradInput[i] = weight.getFlat(c) * g;
        gradWeight[c] += x * g;
      }
    }
    return new Gradients(
        Tensor.of(input.dtype(), input.shape(), gradInput),
        Map.of("weight", Tensor.of(weight.dtype(), weight.shape(), gradWeight)));
  }

  /** The weight index of flat element {@code i}: its dim-1 index, or 0 for a shared weight. */
  private static int channel(Tensor input, Tensor weight, int i) {
    if (weight.numel() == 1) {
      return 0;
    }
    int[] shape = input.shape();
    int inner = 1;
    for (int d = 2; d < shape.length; d++) {
      inner *= shape[d];
    }
    return (i / inner) % shape[1];
  }
}
