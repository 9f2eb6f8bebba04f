package org.torchparity.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.djl.TorchScriptModel;

/**
 * The {@code torchscript} implementation of a model case: the same weights traced by the Python
 * child's PyTorch ({@code torch.jit.trace}, Debian's 1.13 here), saved to a temporary file and
 * loaded in this JVM by {@link TorchScriptModel} (DJL's {@code PtSymbolBlock} on libtorch 2.7.1).
 * Timed as {@code facade-ndarray} is: a native input made once, each call's output closed.
 */
final class TorchScriptImpl {
  private TorchScriptImpl() {}

  /**
   * Traces the case in Python and loads the result.
   *
   * @param c a model case
   * @param python the interpreter
   * @param script the bench script
   * @return the workload; close it to free the model and delete the files
   * @throws UnsupportedOperationException when the case is not a model case, or tracing failed
   */
  static Workload prepare(BenchCase c, String python, Path script) {
    if (!ModelCases.isModel(c)) {
      throw new UnsupportedOperationException("torchscript runs the model-* cases only");
    }
    Path dir = ModelCases.writeInputs(c);
    try {
      Path file = dir.resolve("model.pt");
      Map<String, Object> request = new LinkedHashMap<>();
      request.put("cases", List.of(c.toJson()));
      request.put("seconds", 0);
      request.put("warmup_seconds", 0);
      request.put("threads", 0);
      request.put("weights", dir.resolve("weights.npz").toString());
      request.put("inputs", dir.resolve("input.npz").toString());
      request.put("trace", file.toString());
      String stdin;
      try {
        stdin = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(request);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      ChildProcess.Outcome out =
          ChildProcess.run(List.of(python, script.toString()), stdin, false, 300);
      if (out.failure() != null || out.json() == null || !out.json().has("traced")) {
        throw new UnsupportedOperationException(
            "tracing in Python failed: "
                + (out.failure() != null ? out.failure() : String.valueOf(out.json())));
      }
      TorchScriptModel model = TorchScriptModel.load(file);
      return Impl.nativeForward(
          c,
          model::forward,
          () -> {
            model.close();
            ModelCases.deleteTree(dir);
          });
    } catch (RuntimeException e) {
      ModelCases.deleteTree(dir);
      throw e;
    }
  }
}
