package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.ReLU}: {@code y = x > 0 ? x : 0}, except that NaN stays NaN and {@code -0.0} stays
 * {@code -0.0} (torch's {@code clamp_min(x, 0)} keeps both); {@code grad_input = x <= 0 ? 0 :
 * grad_output}, so a NaN input passes the gradient through.
 */
public final class ReferenceRelu implements ReferenceModule {

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    double[] x = input.toDoubleArray();
    for (int i = 0; i < x.length; i++) {
      if (x[i] < 0) {
        x[i] = 0.0;
      }
    }
    return Tensor.of(input.dtype(), input.shape(), x);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    double[] g = gradOutput.toDoubleArray();
    for (int i = 0; i < g.length; i++) {
      if (input.getFlat(i) <= 0) {
        g[i] = 0.0;
      }
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), g), Map.of());
  }
}
