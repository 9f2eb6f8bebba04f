package org.torchparity.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Writes a TorchScript archive, the file {@code torch.jit.save} makes and {@code torch.jit.load}
 * (or DJL's PyTorch engine) reads, for a module whose state is tensor attributes and whose {@code
 * forward} is TorchScript source. libtorch compiles the source when it loads the archive, so a
 * model described in Java becomes one native graph without Python.
 */
public final class TorchScriptArchive {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private TorchScriptArchive() {}

  /**
   * Returns the archive's bytes.
   *
   * @param className the class's name, a Python identifier
   * @param source the class's TorchScript source ({@code class <className>(Module): ...})
   * @param tensors attribute name (a Python identifier) to value, in declaration order
   * @return the zip archive
   * @throws InvalidArgumentException naming {@code className} or {@code tensors} when a name is not
   *     an identifier
   */
  public static byte[] write(String className, String source, Map<String, Tensor> tensors) {
    check("className", className);
    Map<String, StoredTensor> stored = new LinkedHashMap<>();
    tensors.forEach(
        (name, value) -> {
          check("tensors", name);
          stored.put(name, StoredTensor.of(value));
        });
    return TorchSaveWriter.writeScript(Path.of("model.pt"), className, source, stored);
  }

  private static void check(String argument, String name) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      throw new InvalidArgumentException(
          argument, argument + " must be a Python identifier but was '" + name + "'");
    }
  }
}
