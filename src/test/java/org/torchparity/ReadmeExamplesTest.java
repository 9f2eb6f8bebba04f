package org.torchparity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.torchparity.nn.Conv1d;
import org.torchparity.nn.ConvTranspose1d;
import org.torchparity.nn.ReLU;
import org.torchparity.nn.Sequential;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * The Java examples of README.md and docs/layers.md, run as written, with the values promised. The
 * expected values are hand-computed (the arithmetic is in the comments); the reprs and state-dict
 * keys are what PyTorch 1.13 prints for the same modules.
 */
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

  @Test
  void sequentialReprAndStateDictKeys() {
    try (Sequential model = Sequential.of(Conv1d.of(1, 4, 3), ReLU.of(), Conv1d.of(4, 2, 3))) {
      // print(nn.Sequential(nn.Conv1d(1, 4, 3), nn.ReLU(), nn.Conv1d(4, 2, 3))) in PyTorch 1.13
      assertThat(model)
          .hasToString(
              "Sequential(\n"
                  + "  (0): Conv1d(1, 4, kernel_size=(3,), stride=(1,))\n"
                  + "  (1): ReLU()\n"
                  + "  (2): Conv1d(4, 2, kernel_size=(3,), stride=(1,))\n"
                  + ")");
      // list(model.state_dict().keys()) in PyTorch 1.13; the ReLU (child 1) has no parameters
      assertThat(model.stateDict()).containsOnlyKeys("0.weight", "0.bias", "2.weight", "2.bias");
      assertThat(model.get("2.weight").size()).containsExactly(2, 4, 3);
      assertThat(model.eval().isTraining()).isFalse();
    }
  }

  @Test
  void sequentialExample() {
    try (Sequential model = Sequential.of(Conv1d.of(1, 1, 2), ReLU.of())) {
      model.loadStateDict(
          Map.of(
              "0.weight", Tensor.of(new int[] {1, 1, 2}, new float[] {1, 1}),
              "0.bias", Tensor.of(new int[] {1}, new float[] {0})));
      Tensor x = Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, -6});
      Tensor y = model.forward(x);
      // conv: 1 + 2 = 3 and 2 + (-6) = -4; relu: max(0, 3) = 3, max(0, -4) = 0
      assertThat(y.toFloatArray()).containsExactly(3, 0);
      assertThat(y.size()).containsExactly(1, 1, 2);
      assertThat(y.numel()).isEqualTo(2);
      Gradients g = model.backward(x, Tensor.full(y.size(), 1));
      // relu passes grad_output where its input > 0: [1, 1] -> [1, 0] (its input -4 <= 0)
      // conv grad_input[t] = sum_k g[t - k] * w[k]: x[0] 1*1 = 1, x[1] 0*1 + 1*1 = 1, x[2] 0*1 = 0
      assertThat(g.gradInput().toFloatArray()).containsExactly(1, 1, 0);
      // conv grad_weight[k] = sum_t g[t] * x[t + k]: 1*1 + 0*2 = 1 and 1*2 + 0*(-6) = 2
      assertThat(g.grad("0.weight").toFloatArray()).containsExactly(1, 2);
      // conv grad_bias = sum_t g[t] = 1 + 0 = 1
      assertThat(g.grad("0.bias").toFloatArray()).containsExactly(1);
      // the same model on the notebook's X1 = [1, 2, 3]: relu(1 + 2) = 3, relu(2 + 3) = 5
      Tensor x1 = Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, 3});
      assertThat(model.forward(x1).toFloatArray()).containsExactly(3, 5);
    }
  }
}
