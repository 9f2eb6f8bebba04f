package org.torchparity.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.torchparity.djl.DjlFixtures.assertClose;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * A DJL {@code SequentialBlock} mixing torch-parity blocks (Conv1d with {@code
 * padding_mode='reflect'}, BatchNorm1d, GELU, MaxPool1d, Linear) with DJL's relu and batch-flatten
 * blocks, against PyTorch 1.13's output ({@code parity-tests/djl_block_fixture.py}), through a
 * {@code Predictor}; no stale weight; {@code Model.save}/{@code Model.load}.
 */
class TorchParityBlockTest {
  private static final Shape INPUT = new Shape(4, 2, 16);

  @Test
  void predictsPyTorchsOutputThroughAPredictor() throws Exception {
    Map<String, Tensor> f = DjlFixtures.fixture("block_model");
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-block")) {
      model.setBlock(net.block());
      net.block().initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
      net.load(f);
      assertThat(net.block().getOutputShapes(new Shape[] {INPUT})[0]).isEqualTo(new Shape(4, 3));
      assertThat(net.features().getParameters().keys())
          .containsExactly(
              "0.weight",
              "0.bias",
              "1.weight",
              "1.bias",
              "1.running_mean",
              "1.running_var",
              "1.num_batches_tracked");
      try (Predictor<Tensor, Tensor> p = model.newPredictor(new DjlFixtures.TensorTranslator())) {
        assertClose("output", p.predict(f.get("input")), f.get("output"));
        // Prediction is eval mode: the running statistics stay PyTorch's.
        assertThat(net.features().stateDict().get("1.running_mean").toDoubleArray())
            .containsExactly(f.get("features.1.running_mean").toDoubleArray());
      }
    }
  }

  @Test
  void keepsPyTorchsInitialisationUnderDjlsInitializer() {
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-init")) {
      Tensor before = net.head().module().get("weight");
      model.setBlock(net.block());
      net.block().setInitializer(ai.djl.training.initializer.Initializer.ONES, p -> true);
      net.block().initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
      assertThat(net.head().stateDict().get("weight").toDoubleArray())
          .containsExactly(before.toDoubleArray());
    }
  }

  @Test
  void aWeightSetBetweenTwoPredictionsIsSeenByTheSecond() throws Exception {
    Map<String, Tensor> f = DjlFixtures.fixture("block_model");
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-stale")) {
      model.setBlock(net.block());
      net.block().initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
      net.load(f);
      try (Predictor<Tensor, Tensor> p = model.newPredictor(new DjlFixtures.TensorTranslator())) {
        float[] y0 = p.predict(f.get("input")).toFloatArray();
        float[] bias = f.get("head.bias").toFloatArray();
        // Through the block: bias + (1, 2, 3) moves output[n][j] by j + 1 (Linear adds the bias).
        net.head()
            .set(
                "bias",
                Tensor.of(new int[] {3}, new float[] {bias[0] + 1, bias[1] + 2, bias[2] + 3}));
        float[] y1 = p.predict(f.get("input")).toFloatArray();
        // Through the wrapped module itself: bias - (1, 1, 1) moves it by -1 from the original.
        net.head()
            .module()
            .set(
                "bias",
                Tensor.of(new int[] {3}, new float[] {bias[0] - 1, bias[1] - 1, bias[2] - 1}));
        float[] y2 = p.predict(f.get("input")).toFloatArray();
        for (int i = 0; i < y0.length; i++) {
          assertThat(y1[i] - y0[i]).as("block.set, element " + i).isCloseTo(i % 3 + 1f, within());
          assertThat(y2[i] - y0[i]).as("module.set, element " + i).isCloseTo(-1f, within());
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Float> within() {
    return org.assertj.core.data.Offset.offset(1e-5f);
  }

  @Test
  void modelSaveAndLoadRoundTripThePyTorchWeights(@TempDir Path dir) throws Exception {
    Map<String, Tensor> f = DjlFixtures.fixture("block_model");
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-save")) {
      model.setBlock(net.block());
      net.block().initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
      net.load(f);
      model.save(dir, "djl-save");
    }
    assertThat(Files.list(dir)).isNotEmpty();
    try (DjlFixtures.Net fresh = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-save")) {
      model.setBlock(fresh.block());
      model.load(dir, "djl-save");
      try (Predictor<Tensor, Tensor> p = model.newPredictor(new DjlFixtures.TensorTranslator())) {
        assertClose("output after Model.load", p.predict(f.get("input")), f.get("output"));
      }
      // The loaded values go back into the modules on request.
      fresh.features().syncToModule();
      assertThat(fresh.features().module().get("0.weight").toDoubleArray())
          .containsExactly(f.get("features.0.weight").toDoubleArray());
    }
  }

  @Test
  void goesIntoAParallelBlockNextToDjlsOwnBlocks() throws Exception {
    Map<String, Tensor> f = DjlFixtures.fixture("block_model");
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-parallel")) {
      // Two branches on the same input: the PyTorch model and DJL's identity, joined by
      // concatenating their flattened outputs: row n is output[n] (3) then input[n] (32).
      ParallelBlock both =
          new ParallelBlock(
              outs ->
                  new NDList(
                      NDArrays.concat(
                          new NDList(
                              outs.get(0).singletonOrThrow(),
                              outs.get(1).singletonOrThrow().reshape(4, 32)),
                          1)),
              List.of(net.block(), Blocks.identityBlock()));
      model.setBlock(both);
      both.initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
      net.load(f);
      try (Predictor<Tensor, Tensor> p = model.newPredictor(new DjlFixtures.TensorTranslator())) {
        Tensor y = p.predict(f.get("input"));
        assertThat(y.shape()).containsExactly(4, 35);
        float[] values = y.toFloatArray();
        float[] head = new float[12];
        float[] tail = new float[128];
        for (int n = 0; n < 4; n++) {
          System.arraycopy(values, n * 35, head, n * 3, 3);
          System.arraycopy(values, n * 35 + 3, tail, n * 32, 32);
        }
        assertClose("PyTorch branch", Tensor.of(new int[] {4, 3}, head), f.get("output"));
        assertThat(tail).containsExactly(f.get("input").toFloatArray());
      }
    }
  }

  @Test
  void refusesAnInputOfAnotherDtypeNamingIt() {
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-dtype")) {
      model.setBlock(net.block());
      net.block().initialize(model.getNDManager(), DataType.FLOAT32, INPUT);
      try (ai.djl.ndarray.NDManager m = model.getNDManager().newSubManager()) {
        NDList x = new NDList(m.zeros(INPUT, DataType.FLOAT64));
        assertThatThrownBy(
                () -> net.block().forward(new ai.djl.training.ParameterStore(m, false), x, false))
            .isInstanceOf(InvalidArgumentException.class)
            .hasMessageContaining("input")
            .hasMessageContaining("float64");
      }
    }
  }

  @Test
  void refusesAnUnknownKeyNamingIt() {
    try (DjlFixtures.Net net = DjlFixtures.net()) {
      assertThatThrownBy(() -> net.head().parameter("weights"))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("weights")
          .hasMessageContaining("bias");
    }
  }
}
