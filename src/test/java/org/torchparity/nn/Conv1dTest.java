package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

class Conv1dTest {

  @Test
  void replaysTheNotebooksSingleChannelCell() {
    try (Conv1d conv = Conv1d.of(1, 1, 2)) {
      assertThat(conv.weight().shape()).containsExactly(1, 1, 2);
      assertThat(conv.bias().shape()).containsExactly(1);
      conv.fillWeight(0, 1);
      conv.setBiasAt(0, 0);
      assertThat(conv.weight().toDoubleArray()).containsExactly(1, 1);
      assertThat(conv.bias().toDoubleArray()).containsExactly(0);
      Tensor y = conv.forward(Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, 3}));
      // [1+2, 2+3]
      assertThat(y.shape()).containsExactly(1, 1, 2);
      assertThat(y.toDoubleArray()).containsExactly(3, 5);
      assertThat(conv).hasToString("Conv1d(1, 1, kernel_size=(2,), stride=(1,))");
    }
  }

  @Test
  void replaysTheNotebooksTwoChannelCell() {
    try (Conv1d conv = Conv1d.of(2, 1, 2)) {
      assertThat(conv.weight().shape()).containsExactly(1, 2, 2);
      conv.fillWeight(0, 1);
      conv.setBiasAt(0, 0);
      Tensor y = conv.forward(Tensor.of(new int[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
      // (1+2)+(4+5) = 12, (2+3)+(5+6) = 16
      assertThat(y.toDoubleArray()).containsExactly(12, 16);
    }
  }

  @Test
  void unbatchedInputGivesUnbatchedOutput() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).bias(false).build())) {
      conv.setWeight(1, 1, 1, 1); // four values
      Tensor y = conv.forward(Tensor.of(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
      assertThat(y.shape()).containsExactly(1, 2);
      assertThat(y.toDoubleArray()).containsExactly(12, 16);
    }
  }

  @Test
  void singleElementsCanBeSetAndReadBack() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 2, 3).dtype(DType.FLOAT64).build())) {
      conv.setWeight(new double[12]);
      conv.setWeightAt(1, 0, 2, 0.1);
      conv.setBias(0.25, -0.5);
      Tensor w = conv.weight();
      assertThat(w.get(1, 0, 2)).isEqualTo(0.1);
      assertThat(w.dtype()).isEqualTo(DType.FLOAT64);
      assertThat(conv.bias().toDoubleArray()).containsExactly(0.25, -0.5);
      // A new forward pass sees the new values: input all ones, channel 1 reads 0.1 + bias -0.5
      Tensor y = conv.forward(Tensor.full(new int[] {1, 2, 3}, 1.0, DType.FLOAT64));
      assertThat(y.toDoubleArray()).containsExactly(0.25, 0.1 - 0.5);
    }
  }

  @Test
  void refusesParametersThatDoNotFit() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(4, 8, 3).groups(2).bias(false).build())) {
      assertThatThrownBy(() -> conv.setWeight(Tensor.zeros(DType.FLOAT32, 8, 4, 3)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "weight shape must be [8, 2, 3] (outChannels, inChannels/groups, kernelSize) but was"
                  + " [8, 4, 3]");
      assertThatThrownBy(() -> conv.setBiasAt(0, 1.0))
          .hasMessage(
              "bias cannot be set: Conv1d(4, 8, kernel_size=(3,), stride=(1,), groups=2,"
                  + " bias=False) was built with bias=false");
      assertThatThrownBy(() -> conv.setWeightAt(8, 0, 0, 1.0))
          .hasMessage("weight index [8, 0, 0] is outside weight shape [8, 2, 3] at axis 0");
      assertThatThrownBy(() -> conv.fillWeight(-1, 1.0))
          .hasMessage("weight index [-1] is outside weight shape [8, 2, 3] at axis 0");
      assertThat(conv.bias()).isNull();
    }
  }

  @Test
  void refusesInputsThatDoNotFit() {
    try (Conv1d conv = Conv1d.of(3, 1, 2)) {
      assertThatThrownBy(() -> conv.forward(Tensor.zeros(DType.FLOAT32, 1, 2, 5)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "input must have inChannels=3 channels at dimension 1 but shape [1, 2, 5] has 2");
      assertThatThrownBy(() -> conv.forward(Tensor.zeros(DType.FLOAT64, 1, 3, 5)))
          .hasMessage("input dtype must be float32 (the layer's dtype) but was float64");
    }
  }

  @Test
  void useAfterCloseIsRefused() {
    Conv1d conv = Conv1d.of(1, 1, 2);
    conv.close();
    conv.close(); // idempotent
    assertThatThrownBy(() -> conv.forward(Tensor.zeros(DType.FLOAT32, 1, 1, 3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Conv1d(1, 1, kernel_size=(2,), stride=(1,)) is closed");
    assertThatThrownBy(conv::weight).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void ndArrayResultsBelongToTheCallersManagerAndNothingElseStays() {
    try (Conv1d conv =
            Conv1d.of(ConvSpec.conv1d(2, 3, 3).padding(2).paddingMode("reflect").build());
        NDManager caller = TorchEngine.get().newManager(conv.device())) {
      NDArray x = caller.randomNormal(new Shape(2, 2, 6));
      int layerArrays = conv.manager().getManagedArrays().size();
      NDArray y = null;
      for (int i = 0; i < 50; i++) {
        y = conv.forward(x);
      }
      assertThat(y.getShape()).isEqualTo(new Shape(2, 3, 8));
      assertThat(y.getManager()).isSameAs(caller);
      assertThat(x.getManager()).isSameAs(caller);
      assertThat(x.isReleased()).isFalse();
      assertThat(conv.manager().getManagedArrays()).hasSize(layerArrays);
      // 1 input + 50 results, nothing else
      assertThat(caller.getManagedArrays()).hasSize(51);
      // the array path and the Tensor path agree exactly
      Tensor viaTensor = conv.forward(TensorConversion.toTensor(x));
      assertThat(TensorConversion.toTensor(y)).isEqualTo(viaTensor);
    }
  }

  @Test
  void refusesArraysOfAnotherDtype() {
    try (Conv1d conv = Conv1d.of(2, 1, 2);
        NDManager caller = TorchEngine.get().newManager(conv.device())) {
      NDArray ints = caller.zeros(new Shape(1, 2, 4), ai.djl.ndarray.types.DataType.INT32);
      assertThatThrownBy(() -> conv.forward(ints))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("input dtype must be float32 or float64 but was int32");
    }
  }

  /**
   * Regression for libtorch 2.7.1's oneDNN backward on this machine (see CpuBackends): a one-hot
   * grad_output at (n=0, t=5) must spread the whole kernel onto the input. With padding 2, output
   * t=5 reads input t=3..7 with taps w[0..4], so grad_input[0, 0, 3..7] = 1, 10, 100, 1000, 10000
   * and everything else is 0; grad_weight[k] = x[t + k - 2] = 0 for a zero input.
   */
  @Test
  void backwardSpreadsAOneHotGradientOverTheWholeKernelInABatch() {
    ConvSpec spec = ConvSpec.conv1d(1, 1, 5).padding(2).bias(false).build();
    double[] grad = new double[3 * 12];
    grad[5] = 1;
    try (Conv1d layer = Conv1d.of(spec)) {
      layer.setWeight(1, 10, 100, 1000, 10000);
      var grads =
          layer.backward(
              Tensor.zeros(DType.FLOAT32, 3, 1, 12),
              Tensor.of(DType.FLOAT32, new int[] {3, 1, 12}, grad));
      double[] expected = new double[3 * 12];
      System.arraycopy(new double[] {1, 10, 100, 1000, 10000}, 0, expected, 3, 5);
      assertThat(grads.gradInput().toDoubleArray()).containsExactly(expected);
      assertThat(grads.grad("weight").toDoubleArray()).containsExactly(0, 0, 0, 0, 0);
      assertThat(grads.grads().get("bias")).isNull();
    }
  }

  /** backward() must not accumulate: the layer's parameters are never autograd leaves. */
  @Test
  void backwardTwiceGivesTheSameGradients() {
    ConvSpec spec = ConvSpec.conv1d(1, 1, 2).build();
    try (Conv1d layer = Conv1d.of(spec)) {
      layer.setWeight(1, 1);
      layer.setBias(0);
      Tensor x = Tensor.of(DType.FLOAT32, new int[] {1, 1, 3}, new double[] {1, 2, 3});
      Tensor g = Tensor.full(new int[] {1, 1, 2}, 1);
      // grad_weight[k] = sum_t g[t] * x[t + k] = (1 + 2, 2 + 3) = (3, 5); grad_bias = 2.
      for (int call = 0; call < 3; call++) {
        var grads = layer.backward(x, g);
        assertThat(grads.grad("weight").toDoubleArray()).containsExactly(3, 5);
        assertThat(grads.grads().get("bias").toDoubleArray()).containsExactly(2);
      }
    }
  }
}
