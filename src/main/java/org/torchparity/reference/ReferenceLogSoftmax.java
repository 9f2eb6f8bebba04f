package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.LogSoftmax} along {@code dim} (PyTorch's implicit choice for {@code None}), in double;
 * see {@link SoftmaxSlices} for the formulas.
 */
public final class ReferenceLogSoftmax implements ReferenceModule {
  private final SoftmaxSlices slices;

  /**
   * Creates the reference.
   *
   * @param dim the module's {@code dim}, {@code null} for {@code None}
   */
  public ReferenceLogSoftmax(Integer dim) {
    this.slices = new SoftmaxSlices(dim, true);
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return slices.forward(state, input);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    return slices.backward(state, input, gradOutput);
  }
}
