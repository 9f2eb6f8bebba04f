package org.torchparity.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.torchparity.io.StateDictFile;
import org.torchparity.nn.BatchNorm1d;
import org.torchparity.nn.Conv1d;
import org.torchparity.nn.GELU;
import org.torchparity.nn.Linear;
import org.torchparity.nn.MaxPool1d;
import org.torchparity.nn.Sequential;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Tolerance;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

/**
 * The model of {@code parity-tests/djl_block_fixture.py} as a DJL {@code SequentialBlock} mixing
 * torch-parity blocks with DJL's own, and the fixture files PyTorch 1.13 wrote for it.
 */
final class DjlFixtures {
  private DjlFixtures() {}

  /** The blocks of the model, their modules owned by the caller (close after the model). */
  record Net(
      SequentialBlock block,
      TorchParityBlock features,
      TorchParityBlock pool,
      TorchParityBlock head)
      implements AutoCloseable {
    @Override
    public void close() {
      features.module().close();
      pool.module().close();
      head.module().close();
    }

    /** Loads the fixture's state dict ({@code features.*}, {@code head.*}) into the blocks. */
    void load(Map<String, Tensor> fixture) {
      features.loadStateDict(prefixed(fixture, "features."));
      head.loadStateDict(prefixed(fixture, "head."));
    }
  }

  /** conv(reflect)-bn-gelu | DJL relu | maxpool | DJL batch flatten | linear. */
  static Net net() {
    Sequential features =
        Sequential.of(
            Conv1d.of(ConvSpec.conv1d(2, 4, 3).padding(1).paddingMode("reflect").build()),
            BatchNorm1d.of(4),
            GELU.of());
    TorchParityBlock f = new TorchParityBlock(features);
    TorchParityBlock p = new TorchParityBlock(MaxPool1d.of(2));
    TorchParityBlock h = new TorchParityBlock(Linear.of(32, 3));
    SequentialBlock block =
        new SequentialBlock()
            .add(f)
            .add(Activation.reluBlock())
            .add(p)
            .add(Blocks.batchFlattenBlock())
            .add(h);
    return new Net(block, f, p, h);
  }

  static Model model(String name) {
    return Model.newInstance(name, Device.cpu(), "PyTorch");
  }

  static Map<String, Tensor> fixture(String name) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    StateDictFile.read(Path.of("src/test/resources/djl/" + name + ".safetensors"))
        .forEach((key, entry) -> out.put(key, entry.values()));
    return out;
  }

  static Map<String, Tensor> prefixed(Map<String, Tensor> all, String prefix) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    all.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            out.put(key.substring(prefix.length()), value);
          }
        });
    return out;
  }

  static Shape shape(Tensor t) {
    long[] dims = new long[t.dim()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.size(i);
    }
    return new Shape(dims);
  }

  static Tensor tensor(NDArray array) {
    long[] dims = array.getShape().getShape();
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = Math.toIntExact(dims[i]);
    }
    return Tensor.of(shape, array.toFloatArray());
  }

  static void assertClose(String what, Tensor actual, Tensor expected) {
    Comparison c = Comparison.of(actual, expected, Tolerance.FLOAT32);
    assertThat(c.passed()).as(what + ": " + c.describe()).isTrue();
  }

  /** A batch in, a batch out: a {@link Tensor} of float32 values, no batchifier. */
  static final class TensorTranslator implements Translator<Tensor, Tensor> {
    @Override
    public NDList processInput(TranslatorContext ctx, Tensor input) {
      return new NDList(ctx.getNDManager().create(input.toFloatArray(), shape(input)));
    }

    @Override
    public Tensor processOutput(TranslatorContext ctx, NDList list) {
      return tensor(list.singletonOrThrow());
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }
}
