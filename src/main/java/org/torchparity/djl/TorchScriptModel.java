package org.torchparity.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * A TorchScript file ({@code torch.jit.trace(...).save(...)}) loaded through DJL's PyTorch engine
 * as a {@code PtSymbolBlock}, offline, and run on torch-parity tensors: what a DJL user deploys, so
 * that its output can be compared with eager PyTorch's.
 */
public final class TorchScriptModel implements AutoCloseable {
  private final Model model;

  private TorchScriptModel(Model model) {
    this.model = model;
  }

  /**
   * Loads {@code file} on the CPU.
   *
   * @throws InvalidArgumentException naming {@code torchscript} when the file is missing or
   *     libtorch does not read it as TorchScript (libtorch's own message, on one line)
   */
  public static TorchScriptModel load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidArgumentException(
          "torchscript", "expected a TorchScript file but found no file at '" + file + "'");
    }
    Model model = Model.newInstance("torchscript", TorchEngine.get().djl().getEngineName());
    try {
      model.load(file.toAbsolutePath());
      return new TorchScriptModel(model);
    } catch (Exception | LinkageError e) {
      model.close();
      // libtorch's messages may start with a blank line; the first line with text says why
      String why =
          String.valueOf(e.getMessage())
              .lines()
              .map(String::strip)
              .filter(line -> !line.isEmpty())
              .findFirst()
              .orElse("");
      throw new InvalidArgumentException(
          "torchscript",
          "libtorch could not load '"
              + file
              + "' as TorchScript: "
              + e.getClass().getSimpleName()
              + ": "
              + why);
    }
  }

  /**
   * Runs the model's {@code forward} on a native array, with no host copies: what a DJL user times.
   *
   * @param input the input, on the CPU
   * @return the first output, attached to {@code input}'s manager; close it when done
   * @throws InvalidArgumentException when the model returns no tensor
   */
  public NDArray forward(NDArray input) {
    NDList out =
        model
            .getBlock()
            .forward(new ParameterStore(input.getManager(), false), new NDList(input), false);
    if (out.isEmpty()) {
      throw new InvalidArgumentException("torchscript", "the model returned no tensor");
    }
    NDArray y = out.get(0);
    for (int i = 1; i < out.size(); i++) {
      out.get(i).close();
    }
    y.attach(input.getManager());
    return y;
  }

  /** Runs the model's {@code forward} on {@code input} and returns its first output. */
  public Tensor forward(Tensor input) {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      Shape shape = new Shape(java.util.Arrays.stream(input.shape()).asLongStream().toArray());
      NDArray x =
          switch (input.dtype()) {
            case FLOAT32 -> manager.create(input.toFloatArray(), shape);
            case FLOAT64 -> manager.create(input.toDoubleArray(), shape);
            case INT64 -> manager.create(input.toLongArray(), shape);
            default ->
                throw new InvalidArgumentException(
                    "input", "expected float32, float64 or int64 but found " + input.dtype());
          };
      NDList out =
          model.getBlock().forward(new ParameterStore(manager, false), new NDList(x), false);
      if (out.isEmpty()) {
        throw new InvalidArgumentException("torchscript", "the model returned no tensor");
      }
      NDArray y = out.get(0);
      int[] dims =
          java.util.Arrays.stream(y.getShape().getShape()).mapToInt(d -> (int) d).toArray();
      DataType type = y.getDataType();
      if (type == DataType.FLOAT32) {
        return Tensor.of(DType.FLOAT32, dims, toDoubles(y.toFloatArray()));
      }
      if (type == DataType.FLOAT64) {
        return Tensor.of(DType.FLOAT64, dims, y.toDoubleArray());
      }
      throw new InvalidArgumentException(
          "torchscript", "expected a float32 or float64 output but found " + type);
    }
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Override
  public void close() {
    model.close();
  }
}
