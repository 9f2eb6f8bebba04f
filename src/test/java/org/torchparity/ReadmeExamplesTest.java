package org.torchparity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.torchparity.nn.Conv1d;
import org.torchparity.nn.ConvTranspose1d;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/** The Java examples of README.md and docs/layers.md, run as written, with the values promised. */
class ReadmeExamplesTest {
  @Test
  void notebookExample() {
    try (Conv1d dualConv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build())) {
      dualConv.fillWeight(0, 1);
      dualConv.setBiasAt(0, 0);
      Tensor x2 = Tensor.of(new int[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6});
      // (1 + 2) + (4 + 5) = 12 and (2 + 3) + (5 + 6) = 16
      assertThat(dualConv.forward(x2).toDoubleArray()).containsExactly(12, 16);
      assertThat(dualConv).hasToString("Conv1d(2, 1, kernel_size=(2,), stride=(1,))");
    }
  }

  @Test
  void transposeExample() {
    ConvSpec up = ConvSpec.convTranspose1d(4, 2, 3).stride(2).outputPadding(1).build();
    try (ConvTranspose1d deconv = ConvTranspose1d.of(up)) {
      Tensor x = Tensor.zeros(DType.FLOAT32, 2, 4, 7);
      // (7 - 1) * 2 - 0 + (3 - 1) + 1 + output_padding 1 = 16
      assertThat(deconv.forward(x).shape()).containsExactly(2, 2, 16);
      assertThat(deconv.forward(x, 15).shape()).containsExactly(2, 2, 15);
    }
  }

  @Test
  void gradientExample() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build())) {
      conv.setWeight(1, 1);
      conv.setBias(0);
      Gradients g =
          conv.backward(
              Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, 3}),
              Tensor.full(new int[] {1, 1, 2}, 1));
      // grad_input[t] = sum of the weights touching x[t]: 1, 1 + 1, 1
      assertThat(g.gradInput().toDoubleArray()).containsExactly(1, 2, 1);
      // grad_weight[k] = sum_t x[t + k]: 1 + 2, 2 + 3
      assertThat(g.grad("weight").toDoubleArray()).containsExactly(3, 5);
      assertThat(g.grads().get("bias").toDoubleArray()).containsExactly(2);
    }
  }
}
