package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.Softmax} along {@code dim} (PyTorch's implicit choice for {@code None}), in double; see
 * {@link SoftmaxSlices} for the formulas.
 */
public final class ReferenceSoftmax implements ReferenceModule {
  private final SoftmaxSlices slices;

  /**
   * Creates the reference.
   *
   * @param dim the module's {@code dim}, {@code null} for {@code None}
   */
  public ReferenceSoftmax(Integer dim) {
    this.slices = new SoftmaxSlices(dim, false);
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
