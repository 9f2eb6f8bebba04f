package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Files written by real numpy (src/test/resources/weights/generate_weights.py) read bit for bit as
 * numpy reads them, in the file's dtype; files this package writes read back bit-identically, write
 * back byte-identically, and numpy reads them (when /usr/bin/python3 has numpy).
 */
class StateDictFileTest {
  private static final Path WEIGHTS = Path.of("src/test/resources/weights");
  private static final Path ENCODER = Path.of("parity-tests/state_dicts");

  static Stream<String> numpyFiles() throws IOException {
    try (Stream<Path> files = Files.list(WEIGHTS)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".npz"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest
  @MethodSource("numpyFiles")
  void aNumpyWrittenFileReadsAsNumpyReadsIt(String name) throws IOException {
    JsonNode expected = new ObjectMapper().readTree(WEIGHTS.resolve("expected.json").toFile());
    JsonNode arrays = expected.get(name);
    assertThat(arrays).as("expected.json lists " + name).isNotNull();
    Path file = WEIGHTS.resolve(name);
    if (arrays.has("refused")) {
      String dtype = arrays.get("refused").asText();
      StateDictException e =
          catchThrowableOfType(StateDictException.class, () -> StateDictFile.read(file));
      assertThat(e.getMessage())
          .contains(
              "the file holds "
                  + dtype
                  + ", which torch-parity tensors cannot hold (float32, float64, int64 and bool only)");
      return;
    }
    Map<String, StateDictFile.Entry> read = StateDictFile.read(file);
    assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(iterable(arrays.fieldNames()));
    for (Map.Entry<String, StateDictFile.Entry> e : read.entrySet()) {
      JsonNode want = arrays.get(e.getKey());
      Tensor values = e.getValue().values();
      assertThat(e.getValue().dtype()).isEqualTo(want.get("dtype").asText());
      assertThat(values.dtype().torchName()).isEqualTo(want.get("dtype").asText());
      List<Integer> shape = new ArrayList<>();
      want.get("shape").forEach(d -> shape.add(d.asInt()));
      assertThat(values.shape()).containsExactly(shape.stream().mapToInt(i -> i).toArray());
      List<String> bits = bitsOf(values);
      List<String> wantBits = new ArrayList<>();
      want.get("bits").forEach(b -> wantBits.add(b.asText()));
      assertThat(bits).as(name + " " + e.getKey()).containsExactlyElementsOf(wantBits);
    }
  }

  @Test
  void unnamedArraysKeepNumpysNamesInFileOrder() {
    assertThat(StateDictFile.read(WEIGHTS.resolve("savez_unnamed.npz")).keySet())
        .containsExactly("arr_0", "arr_1");
  }

  @Test
  void float32StaysFloat32() {
    for (String name : new String[] {"encoder.npz", "encoder.safetensors"}) {
      StateDictFile.Entry weight =
          StateDictFile.read(ENCODER.resolve(name)).get("encoder.conv1.weight");
      assertThat(weight.dtype()).isEqualTo("float32");
      assertThat(weight.values().dtype()).isEqualTo(DType.FLOAT32);
      assertThat(weight.values().shape()).containsExactly(4, 3, 3);
    }
  }

  @Test
  void theTwoEncoderFilesHoldTheSameTensors() {
    Map<String, StateDictFile.Entry> npz = StateDictFile.read(ENCODER.resolve("encoder.npz"));
    Map<String, StateDictFile.Entry> st =
        StateDictFile.read(ENCODER.resolve("encoder.safetensors"));
    assertThat(npz.keySet()).containsExactlyElementsOf(st.keySet());
    npz.forEach((key, entry) -> assertThat(entry).isEqualTo(st.get(key)));
  }

  private static Map<String, Tensor> sample() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    // a quiet NaN with a payload, -0.0, the smallest subnormal and the largest finite float
    float nan = Float.intBitsToFloat(0x7fc01234);
    tensors.put(
        "block.conv.weight",
        Tensor.of(
            new int[] {2, 1, 3},
            new float[] {nan, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, 1.5f, -2.25f}));
    tensors.put(
        "block.conv.bias", Tensor.of(DType.FLOAT64, new int[] {2}, new double[] {0.1, -1e-310}));
    tensors.put("scalar", Tensor.of(DType.FLOAT64, new int[0], new double[] {Math.PI}));
    tensors.put("empty", Tensor.zeros(DType.FLOAT32, 0, 3));
    tensors.put("naïve key", Tensor.of(new int[] {1}, new float[] {7f}));
    return tensors;
  }

  @ParameterizedTest
  @ValueSource(strings = {"round.npz", "round.safetensors"})
  void writingThenReadingIsBitIdenticalAndRewritingIsByteIdentical(String name, @TempDir Path dir)
      throws IOException {
    Map<String, Tensor> tensors = sample();
    Path file = dir.resolve(name);
    StateDictFile.write(file, tensors);
    Map<String, StateDictFile.Entry> read = StateDictFile.read(file);
    assertThat(read.keySet()).containsExactlyElementsOf(tensors.keySet());
    Map<String, Tensor> again = new LinkedHashMap<>();
    read.forEach(
        (key, entry) -> {
          Tensor want = tensors.get(key);
          assertThat(entry.values()).isEqualTo(want);
          assertThat(entry.dtype()).isEqualTo(want.dtype().torchName());
          for (int i = 0; i < want.numel(); i++) {
            assertThat(bitsOf(entry.values(), i)).isEqualTo(bitsOf(want, i));
          }
          again.put(key, entry.values());
        });
    Path rewritten = dir.resolve("again-" + name);
    StateDictFile.write(rewritten, again);
    assertThat(Files.readAllBytes(rewritten)).isEqualTo(Files.readAllBytes(file));
  }

  @Test
  void npyHeadersArePaddedAsNumpyPadsThem() throws IOException {
    // the first entry of numpy's encoder.npz: a (4, 3, 3) float32 array
    byte[] numpy = Files.readAllBytes(ENCODER.resolve("encoder.npz"));
    Tensor weight =
        StateDictFile.read(ENCODER.resolve("encoder.npz")).get("encoder.conv1.weight").values();
    byte[] ours = NpyFormat.write(null, "w", StoredTensor.of(weight));
    int start = 30 + "encoder.conv1.weight.npy".length() + 20; // local header, name, zip64 extra
    assertThat(ours).isEqualTo(java.util.Arrays.copyOfRange(numpy, start, start + ours.length));
  }

  @Test
  void numpyReadsWhatThisPackageWrites(@TempDir Path dir) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    Assumptions.assumeTrue(Files.isExecutable(python), "needs /usr/bin/python3 with numpy");
    Path file = dir.resolve("ours.npz");
    Map<String, Tensor> tensors = sample();
    StateDictFile.write(file, tensors);
    String script =
        "import sys, numpy as np\n"
            + "with np.load(sys.argv[1]) as z:\n"
            + "    for k in z.files:\n"
            + "        a = z[k]\n"
            + "        u = a.reshape(-1).view('<u%d' % a.dtype.itemsize)\n"
            + "        print(k, a.dtype.name, list(a.shape), ' '.join('%x' % int(v) for v in u))\n";
    ProcessBuilder builder =
        new ProcessBuilder(python.toString(), "-c", script, file.toString())
            .redirectErrorStream(true);
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Assumptions.assumeFalse(
        out.contains("No module named 'numpy'"), "needs numpy for /usr/bin/python3");
    assertThat(p.exitValue()).as(out).isZero();
    List<String> want = new ArrayList<>();
    tensors.forEach(
        (key, t) -> {
          StringBuilder line = new StringBuilder(key + " " + t.dtype().torchName() + " ");
          line.append(java.util.Arrays.toString(t.shape())).append(' ');
          List<String> bits = new ArrayList<>();
          for (int i = 0; i < t.numel(); i++) {
            bits.add(Long.toHexString(Long.parseUnsignedLong(bitsOf(t, i), 16)));
          }
          want.add((line + String.join(" ", bits)).strip());
        });
    assertThat(out.strip().lines().map(String::strip)).containsExactlyElementsOf(want);
  }

  private static String bitsOf(Tensor t, int i) {
    double v = t.getFlat(i);
    return t.dtype() == DType.FLOAT32
        ? String.format("%08x", Float.floatToRawIntBits((float) v))
        : String.format("%016x", Double.doubleToRawLongBits(v));
  }

  /**
   * Every value's bits as expected.json writes them: IEEE bits for floats, the 64 two's-complement
   * bits for int64 (read as longs: a double would round 2^53 + 1), 00 or 01 for bool.
   */
  private static List<String> bitsOf(Tensor t) {
    List<String> bits = new ArrayList<>();
    long[] longs = t.dtype().isFloatingPoint() ? null : t.toLongArray();
    for (int i = 0; i < t.numel(); i++) {
      bits.add(
          switch (t.dtype()) {
            case FLOAT32, FLOAT64 -> bitsOf(t, i);
            case INT64 -> String.format("%016x", longs[i]);
            case BOOL -> String.format("%02x", longs[i]);
          });
    }
    return bits;
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
    return () -> it;
  }
}
