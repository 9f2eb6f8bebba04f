package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * {@code .pt} files written by PyTorch 1.13 ({@code parity-tests/torch_save_cases.py}) read exactly
 * as PyTorch holds them: every dtype, views (offsets, strides, stride 0, 0-dim, empty), shared
 * storages, checkpoints through a key path, lists and tuples, parameters, protocol 4, a big-endian
 * archive, PyTorch 2.x's records, deflated entries. The expected bytes are PyTorch's ({@code
 * expected.json}), and so are the float32 values the other dtypes convert to.
 */
class TorchSaveFormatTest {
  static final Path DIR = Path.of("src/test/resources/torch-save");
  private static JsonNode expected;

  @BeforeAll
  static void readExpected() throws IOException {
    expected = new ObjectMapper().readTree(DIR.resolve("expected.json").toFile());
  }

  static Stream<Arguments> selections() throws IOException {
    JsonNode files =
        new ObjectMapper().readTree(DIR.resolve("expected.json").toFile()).get("files");
    List<Arguments> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> f : files.properties()) {
      for (Map.Entry<String, JsonNode> selection : f.getValue().properties()) {
        if (selection.getValue().isObject()) {
          out.add(Arguments.of(f.getKey(), selection.getKey()));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} key path ''{1}''")
  @MethodSource("selections")
  void aPyTorchWrittenFileReadsAsPyTorchHoldsIt(String file, String keyPath) {
    JsonNode want = expected.get("files").get(file).get(keyPath);
    Map<String, StoredTensor> read =
        StateDictFile.readStored(DIR.resolve(file), keyPath, WeightLimits.DEFAULTS);
    assertThat(read.keySet()).containsExactlyElementsOf(fieldNames(want));
    read.forEach(
        (key, t) -> {
          JsonNode w = want.get(key);
          String what = file + " " + key;
          assertThat(t.dtype()).as(what).isEqualTo(w.get("dtype").asText());
          assertThat(t.shape()).as(what).containsExactly(ints(w.get("shape")));
          assertThat(HexFormat.of().formatHex(t.bytes())).as(what).isEqualTo(w.get("hex").asText());
          assertThat(t.byteSize()).isEqualTo(t.data().remaining());
          if (w.has("float32_hex")) { // PyTorch's t.float() of a dtype Tensor cannot hold
            assertThat(t.fitsTensor()).isFalse();
            assertThat(hex(t.convertTo(DType.FLOAT32)))
                .as(what)
                .isEqualTo(w.get("float32_hex").asText());
          } else {
            assertThat(hex(t.toTensor())).as(what).isEqualTo(w.get("hex").asText());
          }
        });
  }

  @Test
  void aCheckpointWithoutAKeyPathIsRefusedWithTheKeyPathsThatWork() {
    Path file = DIR.resolve("checkpoint.pt");
    assertThat(expected.get("files").get("checkpoint.pt").get("refused_without_key").asBoolean())
        .isTrue();
    StateDictException e =
        catchThrowableOfType(StateDictException.class, () -> StateDictFile.readStored(file));
    assertThat(e.getMessage())
        .startsWith(file + ": the file holds a dict of 8 entries, not a state dict")
        .contains("'model' (an OrderedDict of 4 tensors)", "'epoch' (int 3)", "'loss' (float 0.25)")
        .contains("pick one with a key path (--key): model, optimizer.state.0");
    StateDictException wrong =
        catchThrowableOfType(
            StateDictException.class,
            () -> StateDictFile.readStored(file, "model.9", WeightLimits.DEFAULTS));
    assertThat(wrong.getMessage())
        .isEqualTo(
            file
                + ", key 'model.9': the key path's '9' is not a key of 'model'; it holds"
                + " '0.weight', '0.bias', '2.weight', '2.bias'");
    StateDictException scalar =
        catchThrowableOfType(
            StateDictException.class,
            () -> StateDictFile.readStored(file, "epoch.x", WeightLimits.DEFAULTS));
    assertThat(scalar.getMessage()).endsWith("the key path goes on with 'x' but 'epoch' is int 3");
  }

  @Test
  void sharedStoragesAndTiedTensorsReadAsViewsOfOneStorage() {
    Map<String, StoredTensor> read = StateDictFile.readStored(DIR.resolve("shared.pt"));
    // a, a.view(2, 3) and a[3:] share a storage: the view's values are the base's, in order
    byte[] a = read.get("a").bytes();
    assertThat(read.get("a_matrix").bytes()).isEqualTo(a);
    assertThat(read.get("a_tail").bytes()).isEqualTo(java.util.Arrays.copyOfRange(a, 24, 48));
    assertThat(read.get("tied2")).isSameAs(read.get("tied1")); // one tensor under two keys
  }

  @Test
  void toTensorRefusesTheDtypesTensorsCannotHoldByName() {
    Path file = DIR.resolve("dtypes.pt");
    StateDictException e =
        catchThrowableOfType(StateDictException.class, () -> StateDictFile.read(file));
    assertThat(e.getMessage())
        .isEqualTo(
            file
                + ", key 'float16': the file holds float16, which torch-parity tensors cannot"
                + " hold (float32, float64, int64 and bool only)");
    Map<String, StateDictFile.Entry> model = StateDictFile.read(DIR.resolve("sequential.pt"));
    assertThat(model.keySet()).containsExactly("0.weight", "0.bias", "2.weight", "2.bias");
    assertThat(model.get("0.weight").values().shape()).containsExactly(3, 2, 3);
  }

  @Test
  void javaWrittenPtFilesReadBackBitIdenticallyAndRewriteByteIdentically(@TempDir Path dir)
      throws IOException {
    for (String name : List.of("dtypes.pt", "views.pt", "shared.pt", "tuple.pt", "sequential.pt")) {
      Map<String, StoredTensor> original = StateDictFile.readStored(DIR.resolve(name));
      Path ours = dir.resolve("ours-" + name);
      StateDictFile.writeStored(ours, original);
      Map<String, StoredTensor> back = StateDictFile.readStored(ours);
      assertThat(back).containsExactlyEntriesOf(original);
      Path again = dir.resolve("again-" + name);
      StateDictFile.writeStored(again, back);
      assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(ours));
      for (StrictZip.Member m :
          StrictZip.members(ours, Files.readAllBytes(ours), WeightLimits.DEFAULTS)) {
        assertThat(m.name()).startsWith("archive/");
        assertThat(m.dataStart() % 64).as(m.name() + " is aligned as PyTorch aligns it").isZero();
        assertThat(m.method()).isEqualTo(StrictZip.STORED);
      }
    }
  }

  @Test
  void everyDtypeConvertsBetweenPtSafetensorsAndNpzBitForBit(@TempDir Path dir) {
    Map<String, StoredTensor> original = StateDictFile.readStored(DIR.resolve("dtypes.pt"));
    Path safetensors = dir.resolve("dtypes.safetensors");
    StateDictFile.writeStored(safetensors, original);
    assertThat(StateDictFile.readStored(safetensors)).containsExactlyEntriesOf(original);
    Path npz = dir.resolve("dtypes.npz");
    StateDictException bf16 =
        catchThrowableOfType(
            StateDictException.class, () -> StateDictFile.writeStored(npz, original));
    assertThat(bf16.getMessage())
        .isEqualTo(
            npz
                + ", key 'bfloat16': numpy has no bfloat16 dtype, so a .npz cannot hold it;"
                + " convert to .safetensors or .pt instead");
    Map<String, StoredTensor> noBf16 = new LinkedHashMap<>(original);
    noBf16.remove("bfloat16");
    StateDictFile.writeStored(npz, noBf16);
    assertThat(StateDictFile.readStored(npz)).containsExactlyEntriesOf(noBf16);
    Path pt = dir.resolve("back.pt");
    StateDictFile.writeStored(pt, StateDictFile.readStored(safetensors));
    assertThat(StateDictFile.readStored(pt)).containsExactlyEntriesOf(original);
  }

  @Test
  void aKeyPathPicksOneTensorOrAPrefixInEveryFormat(@TempDir Path dir) {
    Map<String, StoredTensor> model = StateDictFile.readStored(DIR.resolve("sequential.pt"));
    Path safetensors = dir.resolve("model.safetensors");
    StateDictFile.writeStored(safetensors, model);
    for (Path file : List.of(DIR.resolve("sequential.pt"), safetensors)) {
      Map<String, StoredTensor> first = StateDictFile.readStored(file, "0", WeightLimits.DEFAULTS);
      assertThat(first).containsOnlyKeys("weight", "bias");
      assertThat(first.get("weight")).isEqualTo(model.get("0.weight"));
      assertThat(StateDictFile.readStored(file, "2.bias", WeightLimits.DEFAULTS))
          .containsExactly(Map.entry("bias", model.get("2.bias")));
    }
    StateDictException none =
        catchThrowableOfType(
            StateDictException.class,
            () -> StateDictFile.readStored(safetensors, "encoder", WeightLimits.DEFAULTS));
    assertThat(none.getMessage())
        .isEqualTo(safetensors + ", key 'encoder': no key is 'encoder' or starts with 'encoder.'");
  }

  @Test
  void aCaseFileResolvesAPtFileReferenceThroughTheSameReader(@TempDir Path dir) throws Exception {
    Map<String, Tensor> model = new LinkedHashMap<>();
    model.put("0.weight", Tensor.ones(DType.FLOAT32, 1, 2, 2)); // the values FORMAT_2 holds inline
    model.put("0.bias", Tensor.zeros(DType.FLOAT32, 1));
    StateDictFile.write(dir.resolve("model.pt"), model);
    String json =
        CaseReaderTest.edit(
            CaseReaderTest.edit(
                CaseReaderTest.FORMAT_2,
                "\"weight\": {\"shape\": [1, 2, 2], \"data\": [1, 1, 1, 1]}",
                "\"weight\": {\"file\": \"model.pt\", \"key\": \"0.weight\"}"),
            "\"bias\": {\"shape\": [1], \"data\": [0]}",
            "\"bias\": {\"file\": \"model.pt\", \"key\": \"0.bias\"}");
    Path caseFile = dir.resolve("case.json");
    Files.writeString(caseFile, json);
    ParityCase c = new CaseReader().read(caseFile);
    assertThat(c.weight()).isEqualTo(model.get("0.weight"));
    assertThat(c.state().get("bias")).isEqualTo(model.get("0.bias"));
  }

  @Test
  void aStrideZeroViewCountsItsMaterialisedBytesAgainstTheTotalLimit() {
    Path file = DIR.resolve("views.pt");
    // 'expanded' is a 3-element storage seen as 4 x 3: 48 bytes once made contiguous
    long total = 0;
    for (StoredTensor t : StateDictFile.readStored(file).values()) {
      total += t.byteSize();
    }
    WeightLimits tight = WeightLimits.DEFAULTS.withMaxTotalBytes(total - 1);
    StateDictException e =
        catchThrowableOfType(
            StateDictException.class, () -> StateDictFile.readStored(file, null, tight));
    assertThat(e.getMessage()).contains("(WeightLimits.maxTotalBytes)");
  }

  @Test
  void halfAndBfloat16WidenExactly() {
    // 0x3c00 = 1.0, 0x0001 = 2^-24 (smallest subnormal), 0x7bff = 65504, 0xfc00 = -inf
    assertThat(StoredTensor.halfToFloat(0x3c00)).isEqualTo(1.0f);
    assertThat(StoredTensor.halfToFloat(0x0001)).isEqualTo(0x1p-24f);
    assertThat(StoredTensor.halfToFloat(0x7bff)).isEqualTo(65504f);
    assertThat(StoredTensor.halfToFloat(0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float.floatToRawIntBits(StoredTensor.halfToFloat(0x8000))).isEqualTo(0x80000000);
    // 0x4049 is the top half of 3.140625f = 0x40490000
    assertThat(StoredTensor.bfloat16ToFloat(0x4049)).isEqualTo(3.140625f);
  }

  private static String hex(Tensor t) {
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.allocate(t.numel() * t.dtype().byteSize())
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    t.writeTo(b);
    return HexFormat.of().formatHex(b.array());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}
