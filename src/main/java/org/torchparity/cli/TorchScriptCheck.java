package org.torchparity.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.torchparity.djl.TorchScriptModel;
import org.torchparity.io.StateDictFile;
import org.torchparity.io.StoredTensor;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Tolerance;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;
import picocli.CommandLine;

/**
 * {@code check --torchscript MODEL.pt DIR}: runs the whole-model input that {@code record_model.py}
 * kept ({@code model.input} in {@code <name>_tensors.safetensors}) through a TorchScript export
 * loaded by DJL's PyTorch engine and compares the result with the recorded eager {@code
 * model.output}, within the output dtype's tolerance.
 */
final class TorchScriptCheck {
  private TorchScriptCheck() {}

  /** The outcome, for the printed line and {@code --json}. */
  record Result(String file, String recording, Comparison comparison) {
    String line() {
      return String.format(
          Locale.ROOT,
          "torchscript %s: %s max abs %s, max rel %s (recording %s, %s)",
          file,
          comparison.passed() ? "PASS" : "FAIL",
          Recordings.number(comparison.maxAbsError()),
          Recordings.number(comparison.maxRelError()),
          recording,
          comparison.tolerance());
    }
  }

  static Result run(CommandLine cli, Path model, List<Path> dirs) {
    Path tensors = recordingTensors(cli, dirs);
    Map<String, StoredTensor> stored;
    try {
      stored = StateDictFile.readStored(tensors);
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(
          cli, "cannot read " + tensors + ": " + Main.oneLine(e));
    }
    StoredTensor in = stored.get("model.input");
    StoredTensor out = stored.get("model.output");
    if (in == null || out == null) {
      throw new CommandLine.ParameterException(
          cli,
          tensors
              + " holds no model.input / model.output (record the model again with"
              + " parity-tests/record_model.py, which keeps the whole model's call)");
    }
    Tensor expected = out.toTensor();
    Tensor actual;
    try (TorchScriptModel ts = TorchScriptModel.load(model)) {
      actual = ts.forward(in.toTensor());
    } catch (InvalidArgumentException e) {
      throw new CommandLine.ParameterException(cli, "--torchscript: " + e.getMessage());
    }
    if (!java.util.Arrays.equals(actual.shape(), expected.shape())) {
      throw new CommandLine.ParameterException(
          cli,
          "--torchscript: expected an output of shape "
              + java.util.Arrays.toString(expected.shape())
              + " (the recorded model.output) but the export gave "
              + java.util.Arrays.toString(actual.shape()));
    }
    Comparison c = Comparison.of(actual, expected, Tolerance.forDType(expected.dtype()));
    return new Result(model.toString(), tensors.toString(), c);
  }

  static void print(Result r, PrintWriter out) {
    out.println(r.line());
    if (!r.comparison().passed()) {
      out.println("  " + r.comparison().describe());
    }
    out.flush();
  }

  /** The one {@code *_tensors.safetensors} in the directories given (or a file given directly). */
  private static Path recordingTensors(CommandLine cli, List<Path> dirs) {
    List<Path> found = new ArrayList<>();
    for (Path dir : dirs) {
      if (Files.isRegularFile(dir) && dir.toString().endsWith("_tensors.safetensors")) {
        found.add(dir);
      } else if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(p -> p.getFileName().toString().endsWith("_tensors.safetensors"))
              .sorted()
              .forEach(found::add);
        } catch (IOException e) {
          throw new CommandLine.ParameterException(
              cli, "cannot list " + dir + ": " + Main.oneLine(e));
        }
      } else {
        throw new CommandLine.ParameterException(cli, "no such file or directory: '" + dir + "'");
      }
    }
    if (found.size() != 1) {
      throw new CommandLine.ParameterException(
          cli,
          "--torchscript: expected one recording (one *_tensors.safetensors) in "
              + dirs
              + " but found "
              + found.size());
    }
    return found.get(0);
  }
}
