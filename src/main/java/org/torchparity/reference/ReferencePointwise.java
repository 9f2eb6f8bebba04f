package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * The reference of an elementwise module without parameters (an activation): {@code y = f(x)} and
 * {@code grad_input = grad_output * f'(x)}, each element in double and rounded once to the module's
 * dtype. A subclass gives {@code f} and {@code grad_output * f'(x)} from PyTorch's documented
 * formula and its backward kernel's branches (which side of a kink gets which slope, what a NaN
 * input gives).
 */
public abstract class ReferencePointwise implements ReferenceModule {

  /** For subclasses. */
  protected ReferencePointwise() {}

  /**
   * The function.
   *
   * @param x one input element
   * @return {@code f(x)}
   */
  protected abstract double apply(double x);

  /**
   * The gradient of one element.
   *
   * @param x the input element
   * @param gradOutput the output's gradient at that element
   * @return the input's gradient, usually {@code gradOutput * f'(x)}
   */
  protected abstract double gradient(double x, double gradOutput);

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    double[] y = input.toDoubleArray();
    for (int i = 0; i < y.length; i++) {
      y[i] = apply(y[i]);
    }
    return Tensor.of(input.dtype(), input.shape(), y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    double[] g = gradOutput.toDoubleArray();
    for (int i = 0; i < g.length; i++) {
      g[i] = gradient(input.getFlat(i), g[i]);
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), g), Map.of());
  }
}
