package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.parity.Layers;
import org.torchparity.spec.BatchNorm1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.GroupNormSpec;
import org.torchparity.spec.InstanceNorm1dSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LayerNormSpec;
import org.torchparity.spec.Tensor;

/**
 * BatchNorm1d, InstanceNorm1d, GroupNorm and LayerNorm: reprs and state dicts against what PyTorch
 * 1.13 prints (src/test/resources/modules/norm_reprs.json, written by generate_norm_reprs.py beside
 * it), one hand-computed value per module, the running statistics over consecutive calls, that a
 * backward pass leaves them alone, concurrent training calls, and bad-argument messages.
 */
class NormTest {
  private static final Path FACTS = Path.of("src/test/resources/modules/norm_reprs.json");

  static Stream<JsonNode> facts() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    new ObjectMapper().readTree(FACTS.toFile()).get("facts").forEach(out::add);
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("facts")
  void reprAndStateDictAreWhatPyTorchShows(JsonNode fact) {
    var spec =
        Layers.parse(fact.get("module").asText(), fact.get("args"), List.of(), DType.FLOAT32);
    assertThat(spec.repr()).isEqualTo(fact.get("repr").asText());
    try (Module m = Layers.build(spec, DeviceSpec.CPU)) {
      assertThat(m.toString()).isEqualTo(fact.get("repr").asText());
      Map<String, Tensor> state = m.stateDict();
      List<String> keys = new ArrayList<>();
      fact.get("state_dict").forEach(e -> keys.add(e.get(0).asText()));
      assertThat(state.keySet()).containsExactlyElementsOf(keys);
      for (JsonNode e : fact.get("state_dict")) {
        Tensor t = state.get(e.get(0).asText());
        int[] shape = new int[e.get(1).size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = e.get(1).get(i).asInt();
        }
        assertThat(t.shape()).isEqualTo(shape);
        assertThat(t.dtype().torchName()).isEqualTo(e.get(2).asText());
      }
    }
  }

  private static BatchNorm1d batchNorm(Double momentum, DType dtype) {
    return BatchNorm1d.of(new BatchNorm1dSpec(1, 0.0, momentum, true, true, dtype), DeviceSpec.CPU);
  }

  @Test
  void batchNormTrainsOnTheBatchAndMovesItsRunningStatistics() {
    try (BatchNorm1d bn = batchNorm(0.1, DType.FLOAT64)) {
      // x = [1, 3] in one channel: mean 2, biased var 1, eps 0: y = (x - 2) / 1 = [-1, 1].
      Tensor y = bn.forward(Tensor.of(DType.FLOAT64, new int[] {2, 1}, new double[] {1, 3}));
      assertThat(y.toDoubleArray()).containsExactly(-1, 1);
      // running_mean = 0.9 * 0 + 0.1 * 2 = 0.2; unbiased var = ((1-2)^2 + (3-2)^2) / 1 = 2,
      // running_var = 0.9 * 1 + 0.1 * 2 = 1.1 (0.9 + 0.2 in double: 1.1 up to one rounding).
      assertThat(bn.get("running_mean").toDoubleArray()[0]).isCloseTo(0.2, within(1e-15));
      assertThat(bn.get("running_var").toDoubleArray()[0]).isCloseTo(1.1, within(1e-15));
      assertThat(bn.get("num_batches_tracked").toLongArray()).containsExactly(1L);
      assertThat(bn.get("num_batches_tracked").dtype()).isEqualTo(DType.INT64);
    }
  }

  @Test
  void momentumNoneIsTheCumulativeAverageOverConsecutiveCalls() {
    try (BatchNorm1d bn = batchNorm(null, DType.FLOAT64)) {
      // Call 1: [1, 3]: factor 1/1, running = batch: mean 2, unbiased var 2.
      bn.forward(Tensor.of(DType.FLOAT64, new int[] {2, 1}, new double[] {1, 3}));
      assertThat(bn.get("running_mean").toDoubleArray()).containsExactly(2);
      assertThat(bn.get("running_var").toDoubleArray()).containsExactly(2);
      // Call 2: [5, 7]: mean 6, unbiased var 2, factor 1/2: mean 0.5*2 + 0.5*6 = 4, var 2.
      bn.forward(Tensor.of(DType.FLOAT64, new int[] {2, 1}, new double[] {5, 7}));
      assertThat(bn.get("running_mean").toDoubleArray()).containsExactly(4);
      assertThat(bn.get("running_var").toDoubleArray()).containsExactly(2);
      assertThat(bn.get("num_batches_tracked").toLongArray()).containsExactly(2L);
      // Eval: (6 - 4) / sqrt(2 + 0) = sqrt(2); one value per channel is fine in eval mode.
      bn.eval();
      Tensor y = bn.forward(Tensor.of(DType.FLOAT64, new int[] {1, 1}, new double[] {6}));
      assertThat(y.toDoubleArray()[0]).isCloseTo(Math.sqrt(2), within(1e-15));
      assertThat(bn.get("num_batches_tracked").toLongArray()).containsExactly(2L);
    }
  }

  @Test
  void evalBackwardIsTheAffineMapAndNoBackwardMovesTheStatistics() {
    try (BatchNorm1d bn =
        BatchNorm1d.of(
            new BatchNorm1dSpec(1, 1.0, 0.1, true, true, DType.FLOAT64), DeviceSpec.CPU)) {
      bn.set("weight", Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {2}));
      bn.set("running_mean", Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {1}));
      bn.set("running_var", Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {3}));
      bn.eval();
      Tensor x = Tensor.of(DType.FLOAT64, new int[] {2, 1}, new double[] {3, 5});
      Tensor dy = Tensor.of(DType.FLOAT64, new int[] {2, 1}, new double[] {1, -2});
      Gradients g = bn.backward(x, dy);
      // invstd = 1 / sqrt(3 + 1) = 1/2: dx = dy * 2 * 1/2 = dy; xhat = (x - 1) / 2 = [1, 2];
      // grad_weight = 1*1 + (-2)*2 = -3; grad_bias = 1 - 2 = -1.
      assertThat(g.gradInput().toDoubleArray()).containsExactly(1, -2);
      assertThat(g.grad("weight").toDoubleArray()).containsExactly(-3);
      assertThat(g.grad("bias").toDoubleArray()).containsExactly(-1);
      bn.train();
      bn.backward(x, dy);
      assertThat(bn.get("num_batches_tracked").toLongArray()).containsExactly(0L);
      assertThat(bn.get("running_mean").toDoubleArray()).containsExactly(1);
      assertThat(bn.get("running_var").toDoubleArray()).containsExactly(3);
    }
  }

  @Test
  void concurrentTrainingCallsLoseNoUpdate() throws Exception {
    try (BatchNorm1d bn = batchNorm(null, DType.FLOAT32)) {
      Tensor x = Tensor.of(DType.FLOAT32, new int[] {2, 1}, new double[] {1, 3});
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> calls = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          calls.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 25; i++) {
                      bn.forward(x);
                    }
                  }));
        }
        for (Future<?> f : calls) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      // 4 threads x 25 calls, each counted once; every batch has mean 2 and unbiased var 2, so
      // the cumulative averages stay there (up to float32 rounding).
      assertThat(bn.get("num_batches_tracked").toLongArray()).containsExactly(100L);
      assertThat(bn.get("running_mean").toDoubleArray()[0]).isCloseTo(2, within(1e-5));
      assertThat(bn.get("running_var").toDoubleArray()[0]).isCloseTo(2, within(1e-5));
    }
  }

  @Test
  void callsLeaveNothingInTheModulesManager() {
    List<Module> modules =
        List.of(
            BatchNorm1d.of(3),
            InstanceNorm1d.of(
                new InstanceNorm1dSpec(3, 1e-5, 0.1, true, true, DType.FLOAT32), DeviceSpec.CPU),
            GroupNorm.of(3, 3),
            GroupNorm.of(1, 3), // the one-group route broadcasts the affine
            LayerNorm.of(4));
    Tensor x = Tensor.ones(DType.FLOAT32, 2, 3, 4);
    for (Module m : modules) {
      try (m) {
        m.forward(x);
        m.backward(x, x);
        int before = m.manager().getManagedArrays().size();
        for (boolean training : new boolean[] {true, false}) {
          m.train(training);
          for (int i = 0; i < 5; i++) {
            m.forward(x);
            m.backward(x, x);
          }
        }
        assertThat(m.manager().getManagedArrays()).as(m.toString()).hasSize(before);
      }
    }
  }

  @Test
  void instanceNormNormalisesEachInstanceAndAveragesTheStatistics() {
    var spec = new InstanceNorm1dSpec(1, 0.0, 0.5, false, true, DType.FLOAT64);
    try (InstanceNorm1d in = InstanceNorm1d.of(spec, DeviceSpec.CPU)) {
      // Two samples, one channel, L = 2: [1, 3] -> [-1, 1]; [2, 6] (mean 4, var 4) -> [-1, 1].
      Tensor y =
          in.forward(Tensor.of(DType.FLOAT64, new int[] {2, 1, 2}, new double[] {1, 3, 2, 6}));
      assertThat(y.toDoubleArray()).containsExactly(-1, 1, -1, 1);
      // Means 2 and 4 (average 3); unbiased vars 2 and 8 (average 5); momentum 0.5:
      // running_mean = 0.5 * 0 + 0.5 * 3 = 1.5, running_var = 0.5 * 1 + 0.5 * 5 = 3.
      assertThat(in.get("running_mean").toDoubleArray()).containsExactly(1.5);
      assertThat(in.get("running_var").toDoubleArray()).containsExactly(3);
      assertThat(in.get("num_batches_tracked").toLongArray()).containsExactly(0L);
    }
  }

  @Test
  void groupNormNormalisesEachGroupThenScalesEachChannel() {
    try (GroupNorm gn =
        GroupNorm.of(new GroupNormSpec(1, 2, 0.0, true, DType.FLOAT64), DeviceSpec.CPU)) {
      gn.set("weight", Tensor.of(DType.FLOAT64, new int[] {2}, new double[] {2, 3}));
      gn.set("bias", Tensor.of(DType.FLOAT64, new int[] {2}, new double[] {0.5, -0.5}));
      // One group holding [1, 3]: xhat = [-1, 1]; channel 0: -1 * 2 + 0.5 = -1.5, channel 1:
      // 1 * 3 - 0.5 = 2.5.
      Tensor y = gn.forward(Tensor.of(DType.FLOAT64, new int[] {1, 2, 1}, new double[] {1, 3}));
      assertThat(y.toDoubleArray()).containsExactly(-1.5, 2.5);
    }
  }

  @Test
  void layerNormNormalisesTheTrailingDimensions() {
    try (LayerNorm ln =
        LayerNorm.of(
            new LayerNormSpec(List.of(2), 0.0, true, true, DType.FLOAT32), DeviceSpec.CPU)) {
      // Rows [0, 4] (mean 2, biased var 4) and [5, 7] (mean 6, var 1), eps 0: each row becomes
      // [-2 / 2, 2 / 2] and [-1 / 1, 1 / 1], i.e. [-1, 1].
      Tensor y = ln.forward(Tensor.of(DType.FLOAT32, new int[] {2, 2}, new double[] {0, 4, 5, 7}));
      assertThat(y.toDoubleArray()).containsExactly(-1, 1, -1, 1);
    }
  }

  @Test
  void layerNormWithoutBiasHasOnlyAWeight() {
    // LayerNorm(bias=False) is libtorch 2.x's (PyTorch 1.13 has no such keyword).
    var spec = new LayerNormSpec(List.of(3), 1e-5, true, false, DType.FLOAT32);
    assertThat(spec.parameterNames()).containsExactly("weight");
    assertThat(spec.arguments()).containsEntry("bias", false);
    try (LayerNorm ln = LayerNorm.of(spec, DeviceSpec.CPU)) {
      assertThat(ln.stateDict().keySet()).containsExactly("weight");
      Gradients g =
          ln.backward(
              Tensor.of(DType.FLOAT32, new int[] {3}, new double[] {1, 2, 4}),
              Tensor.of(DType.FLOAT32, new int[] {3}, new double[] {1, 1, 1}));
      assertThat(g.grads().keySet()).containsExactly("weight");
    }
  }

  @Test
  void badArgumentsAreRefusedInPyTorchsWords() {
    assertThatThrownBy(() -> new GroupNormSpec(3, 4, 1e-5, true, DType.FLOAT32))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "num_channels must be divisible by num_groups but num_channels was 4 and num_groups 3");
    assertThatThrownBy(() -> new BatchNorm1dSpec(-1, 1e-5, 0.1, true, false, DType.FLOAT32))
        .hasMessageContaining("num_features must not be negative")
        .hasMessageContaining("but was -1");
    assertThatThrownBy(() -> BatchNorm1dSpec.of(3).outputShape(new int[] {2, 4, 5}))
        .hasMessageStartingWith("running_mean should contain 4 elements not 3");
    assertThatThrownBy(() -> BatchNorm1dSpec.of(3).outputShape(new int[] {3}))
        .hasMessage("expected 2D or 3D input (got 1D input)");
    assertThatThrownBy(() -> LayerNormSpec.of(5).outputShape(new int[] {2, 4}))
        .hasMessage(
            "Given normalized_shape=[5], expected input with shape [*, 5], but got input of"
                + " size[2, 4]");
    var noMomentum = new InstanceNorm1dSpec(3, 1e-5, null, false, false, DType.FLOAT32);
    assertThatThrownBy(() -> noMomentum.outputShape(new int[] {2, 3, 4}))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith(
            "instance_norm(): argument 'momentum' (position 7) must be float, not NoneType");
    try (BatchNorm1d bn = BatchNorm1d.of(3)) {
      Tensor one = Tensor.zeros(DType.FLOAT32, 1, 3);
      assertThatThrownBy(() -> bn.forward(one))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage(
              "Expected more than 1 value per channel when training, got input size"
                  + " torch.Size([1, 3])");
      assertThat(bn.get("num_batches_tracked").toLongArray()).containsExactly(0L);
      bn.eval();
      assertThat(bn.forward(one).shape()).containsExactly(1, 3);
    }
    var missing = new ObjectMapper().createObjectNode();
    assertThatThrownBy(() -> Layers.parse("BatchNorm1d", missing, List.of(), DType.FLOAT32))
        .hasMessage(
            "BatchNorm1d.__init__() missing 1 required positional argument: 'num_features'");
    var extra = new ObjectMapper().createObjectNode().put("num_groups", 1).put("num_channels", 2);
    extra.put("momentum", 0.1);
    assertThatThrownBy(() -> Layers.parse("GroupNorm", extra, List.of(), DType.FLOAT32))
        .hasMessage("GroupNorm.__init__() got an unexpected keyword argument 'momentum'");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
