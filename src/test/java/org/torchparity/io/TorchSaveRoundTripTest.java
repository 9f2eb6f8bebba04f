package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What this package writes, PyTorch reads back bit for bit: every file and key path of {@code
 * expected.json} is read here and written again as a {@code .pt}, and so is a state dict of random
 * bits in each of the ten dtypes made here; {@code parity-tests/check_java_pt.py} then loads each
 * with {@code torch.load(path, weights_only=True)} and compares keys, dtypes, shapes, bytes and the
 * archive's layout. Skipped, with the reason, where {@code /usr/bin/python3} has no torch.
 */
class TorchSaveRoundTripTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final String[] DTYPES = {
    "float32", "float64", "float16", "bfloat16", "int64", "int32", "int16", "int8", "uint8", "bool"
  };
  private static final int[] WIDTHS = {4, 8, 2, 2, 8, 4, 2, 1, 1, 1};

  @Test
  void pyTorchReadsWhatThisPackageWritesBitForBit(@TempDir Path dir) throws Exception {
    requireTorch();
    ObjectMapper json = new ObjectMapper();
    JsonNode files = json.readTree(TorchSaveFormatTest.DIR.resolve("expected.json").toFile());
    ObjectNode manifest = json.createObjectNode();
    int written = 0;
    for (Map.Entry<String, JsonNode> f : files.get("files").properties()) {
      for (Map.Entry<String, JsonNode> selection : f.getValue().properties()) {
        if (!selection.getValue().isObject()) {
          continue;
        }
        String key = selection.getKey();
        String name =
            f.getKey().replace(".pt", "") + (key.isEmpty() ? "" : "__" + key.replace('.', '_'));
        Map<String, StoredTensor> read =
            StateDictFile.readStored(
                TorchSaveFormatTest.DIR.resolve(f.getKey()), key, WeightLimits.DEFAULTS);
        StateDictFile.writeStored(dir.resolve(name + ".pt"), read);
        manifest.putObject(name + ".pt").put("source", f.getKey()).put("key", key);
        written++;
      }
    }
    SplittableRandom random = new SplittableRandom(15);
    Map<String, StoredTensor> made = new LinkedHashMap<>();
    ObjectNode tensors = manifest.putObject("java_made.pt").putObject("tensors");
    for (int i = 0; i < DTYPES.length; i++) {
      byte[] bits = new byte[WIDTHS[i] * 6];
      random.nextBytes(bits);
      if (DTYPES[i].equals("bool")) {
        for (int j = 0; j < bits.length; j++) {
          bits[j] = (byte) (bits[j] & 1); // PyTorch's bools are the bytes 0 and 1
        }
      }
      made.put(DTYPES[i], StoredTensor.of(DTYPES[i], new int[] {2, 3}, bits));
      ObjectNode t = tensors.putObject(DTYPES[i]);
      t.put("dtype", DTYPES[i]);
      t.putArray("shape").add(2).add(3);
      t.put("hex", HexFormat.of().formatHex(bits));
    }
    StateDictFile.writeStored(dir.resolve("java_made.pt"), made);
    Files.writeString(dir.resolve("manifest.json"), json.writeValueAsString(manifest));

    Process p =
        new ProcessBuilder(
                PYTHON.toString(), "parity-tests/check_java_pt.py", dir.toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    boolean done = p.waitFor(300, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    System.out.print(out);
    assertThat(done).as("check_java_pt.py finished within 300 s: " + out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains((written + 1) + " files, 0 failed");
  }

  private static void requireTorch() throws IOException, InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      Assumptions.abort("needs /usr/bin/python3 with torch to load the Java-written files");
    }
    Process probe =
        new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
            .redirectErrorStream(true)
            .start();
    if (!probe.waitFor(120, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      Assumptions.abort("/usr/bin/python3 -c 'import torch' did not finish within 120 s");
    }
    if (probe.exitValue() != 0) {
      Assumptions.abort(
          "/usr/bin/python3 has no torch (apt-get install -y python3-torch), so PyTorch cannot"
              + " check the Java-written files here");
    }
  }
}
