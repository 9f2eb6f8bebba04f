package org.torchparity.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.torchparity.spec.Tensor;

/**
 * Times reading a {@code .pt} state dict in a fresh JVM, for the comparison with {@code torch.load}
 * in docs/torch-save.md ({@code parity-tests/torch_save_timing.py} writes the ~100 MB file and
 * times PyTorch): the first {@link StateDictFile#readStored} and the median of five more, then the
 * same for {@link StateDictFile#read} (which also converts to {@link Tensor}s, holding doubles).
 *
 * <pre>
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat cp.txt) \
 *     org.torchparity.io.TorchSaveProbe /tmp/sd100.pt
 * </pre>
 */
final class TorchSaveProbe {
  private TorchSaveProbe() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    time("StateDictFile.readStored (bytes, file's dtype)", () -> StateDictFile.readStored(file));
    time("StateDictFile.read (Tensors)", () -> StateDictFile.read(file));
  }

  private static void time(String what, java.util.function.Supplier<Map<String, ?>> read) {
    List<Double> seconds = new ArrayList<>();
    int size = 0;
    for (int i = 0; i < 6; i++) {
      long start = System.nanoTime();
      size = read.get().size();
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    double first = seconds.get(0);
    List<Double> rest = new ArrayList<>(seconds.subList(1, 6));
    Collections.sort(rest);
    System.out.printf(
        "%s: %d tensors, first %.3f s, median of next 5 %.3f s%n", what, size, first, rest.get(2));
  }
}
