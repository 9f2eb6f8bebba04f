package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile catalogue of {@code parity-tests/torch_save_hostile.py}: code-running globals ({@code
 * os.system}, {@code builtins.eval}, {@code subprocess.Popen}, by {@code GLOBAL} and {@code
 * STACK_GLOBAL}, at the top and inside a state dict), views claiming more than their storage, a zip
 * bomb, deep nesting, recursion, truncation, entry names leaving the archive, an unknown byte
 * order, non-tensor contents, the legacy format, a TorchScript archive, and more. Each is refused
 * with a {@link StateDictException} whose message starts with the file and says what was wrong;
 * nothing else is thrown. Then the pickle limits, each lowered until a real file breaks it.
 */
class TorchSaveHostileTest {
  private static final Path HOSTILE = TorchSaveFormatTest.DIR.resolve("hostile");

  static Stream<String> hostileFiles() throws IOException {
    JsonNode manifest = new ObjectMapper().readTree(HOSTILE.resolve("hostile.json").toFile());
    List<String> names = new ArrayList<>();
    manifest.fieldNames().forEachRemaining(names::add);
    return names.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileFiles")
  void everyHostileFileIsRefusedWithATypedErrorThatSaysWhy(String name) throws IOException {
    JsonNode entry =
        new ObjectMapper().readTree(HOSTILE.resolve("hostile.json").toFile()).get(name);
    Path file = HOSTILE.resolve(name);
    Throwable thrown = catchThrowable(() -> StateDictFile.readStored(file));
    assertThat(thrown).as(name).isInstanceOf(StateDictException.class);
    assertThat(thrown.getMessage())
        .as("what PyTorch 1.13 does: " + entry.get("torch_1_13").asText())
        .startsWith(file.toString())
        .contains(entry.get("expect").asText())
        .doesNotContain("\n");
    assertThat(((StateDictException) thrown).file()).isEqualTo(file);
  }

  @Test
  void theCatalogueListsEveryFileInItsFolder() throws IOException {
    TreeSet<String> listed = new TreeSet<>(hostileFiles().toList());
    TreeSet<String> present = new TreeSet<>();
    try (Stream<Path> files = Files.list(HOSTILE)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".pt"))
          .forEach(present::add);
    }
    assertThat(listed).isEqualTo(present);
    assertThat(listed).contains("os_system.pt", "builtins_eval.pt", "subprocess_popen.pt");
  }

  @Test
  void eachPickleLimitRefusesARealFileThatBreaksIt() throws IOException {
    byte[] sequential = Files.readAllBytes(TorchSaveFormatTest.DIR.resolve("sequential.pt"));
    Path file = Path.of("sequential.pt");
    Map<String, WeightLimits> limits =
        Map.of(
            "(WeightLimits.maxPickleMemo)",
            WeightLimits.DEFAULTS.withPickleLimits(100, 10, 1_000_000, 1 << 20),
            "(WeightLimits.maxPickleStack)",
            WeightLimits.DEFAULTS.withPickleLimits(100, 1_000_000, 5, 1 << 20),
            "(WeightLimits.maxStringBytes)",
            WeightLimits.DEFAULTS.withPickleLimits(100, 1_000_000, 1_000_000, 8),
            "(WeightLimits.maxPickleDepth)",
            WeightLimits.DEFAULTS.withPickleLimits(2, 1_000_000, 1_000_000, 1 << 20),
            "(WeightLimits.maxEntries)",
            WeightLimits.DEFAULTS.withMaxEntries(3),
            "(WeightLimits.maxRank)",
            WeightLimits.DEFAULTS.withMaxRank(2));
    for (Map.Entry<String, WeightLimits> e : limits.entrySet()) {
      Throwable thrown =
          catchThrowable(() -> TorchSaveFormat.read(file, sequential, null, e.getValue()));
      assertThat(thrown).as(e.getKey()).isInstanceOf(StateDictException.class);
      assertThat(thrown.getMessage()).as(e.getKey()).contains(e.getKey());
    }
    assertThat(TorchSaveFormat.read(file, sequential, null, WeightLimits.DEFAULTS)).hasSize(4);
  }

  @Test
  void aLongListOfTensorsIsNotDeepAndTheDepthLimitCountsNestingNotLength() {
    // [[t]] * 1: depth 2 with 3,000 sibling lists; depth is the nesting, so depth 3 admits it
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(new byte[] {(byte) 0x80, 2, ']', '('});
    for (int i = 0; i < 3_000; i++) {
      p.writeBytes(new byte[] {']', 'N', 'a'});
    }
    p.writeBytes(new byte[] {'e', '.'});
    byte[] zip = archive(p.toByteArray());
    WeightLimits depth3 = WeightLimits.DEFAULTS.withPickleLimits(3, 100, 10_000, 100);
    Throwable thrown = catchThrowable(() -> TorchSaveFormat.read(null, zip, null, depth3));
    assertThat(thrown)
        .isInstanceOf(StateDictException.class)
        .hasMessageContaining("a list of 3000 entries, not a state dict");
  }

  @Test
  void sharedContainersCannotMakeTheRefusalsDescriptionExplode() {
    // three dicts of 1,000 keys, each value the previous dict (by memo): a billion paths
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(new byte[] {(byte) 0x80, 2});
    for (int level = 0; level < 3; level++) {
      p.writeBytes(new byte[] {'}', '('});
      for (int i = 0; i < 1_000; i++) {
        byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
        p.writeBytes(new byte[] {'X', (byte) key.length, 0, 0, 0});
        p.writeBytes(key);
        p.writeBytes(level == 0 ? new byte[] {'N'} : new byte[] {'h', (byte) (level - 1)});
      }
      p.writeBytes(level < 2 ? new byte[] {'u', 'q', (byte) level, '0'} : new byte[] {'u'});
    }
    p.write('.');
    byte[] zip = archive(p.toByteArray());
    long start = System.nanoTime();
    Throwable thrown =
        catchThrowable(() -> TorchSaveFormat.read(null, zip, null, WeightLimits.DEFAULTS));
    assertThat(thrown)
        .isInstanceOf(StateDictException.class)
        .hasMessageContaining("the file holds a dict of 1000 entries, not a state dict");
    assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(5);
  }

  /** A minimal archive holding {@code data.pkl} and a version record. */
  static byte[] archive(byte[] pickle) {
    ZipWriter zip = new ZipWriter(null, 64);
    zip.add("archive/data.pkl", pickle, 0, pickle.length);
    byte[] version = "3\n".getBytes(StandardCharsets.US_ASCII);
    zip.add("archive/version", version, 0, version.length);
    return zip.finish();
  }
}
