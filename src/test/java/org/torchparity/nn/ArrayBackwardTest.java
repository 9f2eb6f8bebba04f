package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.EnumSet;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.parity.Configuration;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/** {@link ConvLayer#backward(NDArray, NDArray)}: the backward pass on native arrays. */
class ArrayBackwardTest {
  private static final long SEED = 7_2026_1125L;

  static Stream<Arguments> configurations() {
    return EngineReferenceGridTest.seeded(EnumSet.allOf(ConvSpec.Kind.class), 60, SEED * 31);
  }

  /** Same route as the tensor API, so the same bits; ownership and arguments as documented. */
  @ParameterizedTest(name = "[{index}] seed {0}: {1}")
  @MethodSource("configurations")
  void arrayBackwardGivesTheTensorBackwardBitForBit(long seed, Configuration config) {
    ConvSpec spec = config.convSpec();
    SplittableRandom random = new SplittableRandom(seed);
    Tensor input = EngineReferenceGridTest.gaussian(random, spec.dtype(), config.inputShape());
    Tensor gradOutput =
        EngineReferenceGridTest.gaussian(
            random, spec.dtype(), spec.outputShape(config.inputShape()));
    try (ConvLayer layer = ConvLayer.of(spec, DeviceSpec.CPU);
        NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      Gradients expected = layer.backward(input, gradOutput);
      NDArray x = TensorConversion.toNDArray(manager, input);
      NDArray g = TensorConversion.toNDArray(manager, gradOutput);
      int before = manager.getManagedArrays().size();
      NDList grads = layer.backward(x, g);

      assertThat(grads).hasSize(spec.bias() ? 3 : 2);
      assertThat(TensorConversion.toTensor(grads.get(0)).toDoubleArray())
          .containsExactly(expected.gradInput().toDoubleArray());
      assertThat(TensorConversion.toTensor(grads.get(1)).toDoubleArray())
          .containsExactly(expected.grad("weight").toDoubleArray());
      if (spec.bias()) {
        assertThat(TensorConversion.toTensor(grads.get(2)).toDoubleArray())
            .containsExactly(expected.grads().get("bias").toDoubleArray());
      }
      // Exactly the results join the input's manager; nothing else stays behind there.
      assertThat(manager.getManagedArrays()).as("%s", config).hasSize(before + grads.size());
      for (NDArray grad : grads) {
        assertThat(grad.getManager()).isSameAs(manager);
      }
      // The arguments are left as they were: same values, no gradient recorded on them.
      assertThat(x.hasGradient()).isFalse();
      assertThat(g.hasGradient()).isFalse();
      assertThat(TensorConversion.toTensor(x).toDoubleArray())
          .containsExactly(input.toDoubleArray());
      grads.close();
      assertThat(manager.getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void layerManagerHoldsNothingNewAfterManyCalls() {
    ConvSpec spec = ConvSpec.conv1d(4, 6, 3).paddingMode("reflect").padding(2).build();
    try (Conv1d conv = Conv1d.of(spec);
        NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      NDArray x = manager.ones(new Shape(2, 4, 9));
      NDArray g = manager.ones(new Shape(2, 6, 11));
      int before = conv.manager().getManagedArrays().size();
      for (int i = 0; i < 200; i++) {
        conv.backward(x, g).close();
      }
      assertThat(conv.manager().getManagedArrays().size()).isEqualTo(before);
    }
  }

  @Test
  void refusesArraysThatDoNotFit() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build());
        NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      NDArray x = manager.ones(new Shape(1, 2, 3));
      assertThatThrownBy(() -> conv.backward(x, manager.ones(new Shape(1, 1, 3))))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("gradOutput shape must be the output shape [1, 1, 2] but was [1, 1, 3]");
      assertThatThrownBy(() -> conv.backward(x, manager.ones(new Shape(1, 1, 2), DataType.FLOAT64)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("gradOutput dtype must be float32 (the layer's dtype) but was float64");
      assertThatThrownBy(
              () ->
                  conv.backward(manager.ones(new Shape(1, 3, 3)), manager.ones(new Shape(1, 1, 2))))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("input");
      assertThatThrownBy(
              () ->
                  conv.backward(
                      manager.ones(new Shape(1, 2, 3), DataType.INT32),
                      manager.ones(new Shape(1, 1, 2))))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("input dtype must be float32 or float64 but was int32");
    }
  }
}
