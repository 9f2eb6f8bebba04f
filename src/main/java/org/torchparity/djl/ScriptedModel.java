package org.torchparity.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.torchparity.engine.Engines;
import org.torchparity.io.TorchScriptArchive;
import org.torchparity.nn.Module;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * A module tree in eval mode compiled into one TorchScript graph and run by libtorch as a single
 * native call per forward pass: no Java between layers, no per-layer manager or lock work, and
 * libtorch's own kernel for every layer ({@code group_norm}, {@code prelu}, {@code
 * conv_transpose1d}, ... where the module tree composes some of them from DJL's operations).
 *
 * <p>The script is written in Java ({@link ScriptBuilder}: one ATen call per layer, as {@code
 * torch.nn.functional} makes it) and compiled by libtorch when the archive loads; no Python is
 * involved. The model is a snapshot: it holds copies of the parameters and buffers taken when it is
 * built, and later changes to the module do not reach it.
 *
 * <p>It runs inference only: every module of the tree must be in eval mode (BatchNorm uses its
 * running statistics, Dropout passes its input). Outputs are checked against PyTorch's recorded
 * whole-model cases by {@code ScriptedModelTest}.
 */
public final class ScriptedModel implements AutoCloseable {
  private final TorchScriptModel model;
  private final String source;
  private final ModuleSpec spec;

  private ScriptedModel(TorchScriptModel model, String source, ModuleSpec spec) {
    this.model = model;
    this.source = source;
    this.spec = spec;
  }

  /**
   * Compiles {@code module}'s eval-mode forward pass.
   *
   * @param module a CPU module tree in eval mode, of the layers {@link ScriptBuilder#SUPPORTED}
   *     lists or implementing {@link ScriptedForward}
   * @return the compiled model; close it when done
   * @throws InvalidArgumentException naming {@code module} when a module is in training mode, on a
   *     CUDA device, or has no TorchScript form (the message names it by its state-dict prefix)
   */
  public static ScriptedModel of(Module module) {
    return compile(module, false);
  }

  /**
   * Compiles {@code module}'s eval-mode forward pass with each BatchNorm1d that directly follows a
   * Conv1d folded into that convolution's weight and bias. <b>This changes the arithmetic</b>: one
   * multiply-add per output instead of a convolution then a normalisation, with the folded weights
   * rounded once to the model's dtype, so results are no longer PyTorch's to the last bit; the
   * error measured on the benchmark models is in BENCHMARKS.md ("BatchNorm folding"). It saves one
   * pass over every folded activation.
   *
   * @param module as for {@link #of}
   * @return the compiled model; close it when done
   */
  public static ScriptedModel ofFoldingBatchNorm(Module module) {
    return compile(module, true);
  }

  private static ScriptedModel compile(Module module, boolean foldBatchNorm) {
    if (module == null) {
      throw new InvalidArgumentException("module", "module must not be null");
    }
    if (module.device().isCuda()) {
      throw new InvalidArgumentException(
          "module", "ScriptedModel runs on the CPU but the module is on " + module.device());
    }
    module
        .namedModules()
        .forEach(
            (name, m) -> {
              if (m.isTraining()) {
                throw new InvalidArgumentException(
                    "module",
                    "ScriptedModel runs inference, but '"
                        + (name.isEmpty() ? m.spec().typeName() : name)
                        + "' is in training mode; call eval() on the model first");
              }
            });
    ScriptBuilder script = new ScriptBuilder(module.stateDict());
    String output = script.call(module, "", "x");
    if ("x".equals(output)) {
      output = script.emit("torch.clone(x)"); // a new tensor, as every forward returns
    }
    String source = script.source("Model", output, foldBatchNorm);
    byte[] archive = TorchScriptArchive.write("Model", source, script.attributes());
    Path file = null;
    try {
      file = Files.createTempFile("torch-parity-scripted", ".pt");
      Files.write(file, archive);
      TorchScriptModel model;
      try {
        model = TorchScriptModel.load(file);
      } catch (InvalidArgumentException e) {
        // A ScriptedForward wrote statements libtorch does not accept: say which, with the source.
        throw new InvalidArgumentException(
            "module",
            "libtorch did not compile the script written for "
                + module.spec().typeName()
                + " ("
                + e.getMessage()
                + "); the script:\n"
                + source);
      }
      return new ScriptedModel(model, source, module.spec());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the scripted model's archive", e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temporary file; the JVM's temp directory is cleaned by the system
        }
      }
    }
  }

  /**
   * Returns the TorchScript source libtorch compiled, for reading and debugging.
   *
   * @return the source of {@code code/__torch__.py}
   */
  public String source() {
    return source;
  }

  /**
   * Runs the forward pass on a native array with no host copies.
   *
   * @param input on the CPU, of the module's input dtype and a shape it accepts
   * @return the output, attached to {@code input}'s manager
   * @throws InvalidArgumentException naming {@code input} when it does not fit, as the module would
   *     refuse it
   */
  public NDArray forward(NDArray input) {
    if (input == null) {
      throw new InvalidArgumentException("input", "input must not be null");
    }
    if (input.getDevice().isGpu()) {
      throw new InvalidArgumentException(
          "input", "input is on " + input.getDevice() + " but a ScriptedModel runs on the CPU");
    }
    spec.checkInputDType(dtype(input.getDataType()));
    spec.outputShape(
        java.util.Arrays.stream(input.getShape().getShape()).mapToInt(Math::toIntExact).toArray());
    return Engines.call("ScriptedModel.forward", () -> model.forward(input));
  }

  private static DType dtype(DataType type) {
    return switch (type) {
      case FLOAT32 -> DType.FLOAT32;
      case FLOAT64 -> DType.FLOAT64;
      case INT64 -> DType.INT64;
      default ->
          throw new InvalidArgumentException(
              "input", "input dtype must be float32, float64 or int64 but was " + type);
    };
  }

  /**
   * Runs the forward pass on a tensor.
   *
   * @param input of the module's input dtype and a shape it accepts
   * @return the output
   * @throws InvalidArgumentException naming {@code input} when it does not fit
   */
  public Tensor forward(Tensor input) {
    if (input == null) {
      throw new InvalidArgumentException("input", "input must not be null");
    }
    spec.checkInput(input);
    return Engines.call("ScriptedModel.forward", () -> model.forward(input));
  }

  @Override
  public void close() {
    model.close();
  }
}
