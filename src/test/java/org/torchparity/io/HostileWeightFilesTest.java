package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.torchparity.io.HostileWeights.dict;
import static org.torchparity.io.HostileWeights.floats;
import static org.torchparity.io.HostileWeights.npy;
import static org.torchparity.io.HostileWeights.safetensors;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.torchparity.spec.DType;

/**
 * Each known attack on the weight readers, built as a small file: it must be refused with a {@link
 * StateDictException} naming the file, the entry and the claim (or, where numpy reads the file,
 * read correctly), well within 10 s.
 */
class HostileWeightFilesTest {
  private static final WeightLimits DEFAULTS = WeightLimits.DEFAULTS;
  private static final byte[] TWO_FLOATS = floats(ByteOrder.LITTLE_ENDIAN, 1.5f, -2.25f);

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  private static StateDictException refusal(Path file, WeightLimits limits) {
    long start = System.nanoTime();
    StateDictException e =
        catchThrowableOfType(StateDictException.class, () -> StateDictFile.read(file, limits));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(e).as("a refusal of " + file).isNotNull();
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.getMessage()).startsWith(file.toString());
    return e;
  }

  private Path npz(String key, byte[] npy) throws IOException {
    TestZip zip = new TestZip();
    zip.stored(key + ".npy", npy);
    return write("x.npz", zip.build());
  }

  @Nested
  class NpyHeaders {
    @Test
    void aDecoyDescrIsRefusedAsADuplicateKey() throws IOException {
      String decoy = "{'descr': '<f4', 'descr': '>f4', 'fortran_order': False, 'shape': (2,), }";
      StateDictException e = refusal(npz("w", npy(decoy, TWO_FLOATS)), DEFAULTS);
      assertThat(e.key()).isEqualTo("w");
      assertThat(e.getMessage())
          .contains("the key 'descr' appears twice (a decoy: numpy keeps the last)");
    }

    @Test
    void bigEndianDataIsDecodedAsNumpyDecodesIt() throws IOException {
      // 1.5f = 0x3fc00000 and -2.25f = 0xc0100000, stored most significant byte first
      byte[] big = {0x3f, (byte) 0xc0, 0, 0, (byte) 0xc0, 0x10, 0, 0};
      Map<String, StateDictFile.Entry> read =
          StateDictFile.read(npz("w", npy(dict(">f4", "(2,)"), big)), DEFAULTS);
      assertThat(read.get("w").values().toDoubleArray()).containsExactly(1.5, -2.25);
      assertThat(read.get("w").values().dtype()).isEqualTo(DType.FLOAT32);
    }

    @ParameterizedTest
    @ValueSource(strings = {"|f4", "=f4", "f4"})
    void nativeOrderDescrsReadInTheMachinesOrderAsNumpyDoes(String descr) throws IOException {
      byte[] data = floats(ByteOrder.nativeOrder(), 1.5f, -2.25f);
      Map<String, StateDictFile.Entry> read =
          StateDictFile.read(npz("w", npy(dict(descr, "(2,)"), data)), DEFAULTS);
      assertThat(read.get("w").values().toDoubleArray()).containsExactly(1.5, -2.25);
    }

    @Test
    void aHugeShapeClaimIsRefusedBeforeAllocating() throws IOException {
      String huge = dict("<f4", "(1000000000, 1000000000)");
      StateDictException e = refusal(npz("w", npy(huge, TWO_FLOATS)), DEFAULTS);
      assertThat(e.key()).isEqualTo("w");
      // 10^9 * 10^9 elements * 4 bytes = 4 * 10^18 bytes claimed, 8 held
      assertThat(e.getMessage())
          .contains(
              "truncated: the header claims shape (1000000000, 1000000000) of '<f4',"
                  + " 4000000000000000000 bytes of data, but the entry holds 8 bytes after its"
                  + " header");
    }

    @Test
    void aShapeWhoseProductOverflowsIsRefused() throws IOException {
      String huge = dict("<f8", "(4294967296, 4294967296)"); // 2^64 elements
      StateDictException e = refusal(npz("w", npy(huge, TWO_FLOATS)), DEFAULTS);
      assertThat(e.getMessage())
          .contains("the shape [4294967296, 4294967296] claims more elements than a long counts");
    }

    @Test
    void extraDataAfterTheClaimedShapeIsRefused() throws IOException {
      StateDictException e = refusal(npz("w", npy(dict("<f4", "(1,)"), TWO_FLOATS)), DEFAULTS);
      assertThat(e.getMessage())
          .contains(
              "the header claims shape (1,) of '<f4', 4 bytes of data, but the entry holds 8");
    }

    @Test
    void aRegexLookalikeHeaderIsRefusedByTheGrammar() throws IOException {
      String text = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': '), }";
      StateDictException e = refusal(npz("w", npy(text, TWO_FLOATS)), DEFAULTS);
      assertThat(e.getMessage()).contains("malformed .npy header dict at character");
    }

    @Test
    void aParenthesisedIntIsNotAShape() throws IOException {
      StateDictException e = refusal(npz("w", npy(dict("<f4", "(2)"), TWO_FLOATS)), DEFAULTS);
      assertThat(e.getMessage()).contains("a 1-tuple needs ','");
    }

    @Test
    void anUnknownDescrIsRefusedByName() throws IOException {
      StateDictException e = refusal(npz("w", npy(dict("<c8", "(1,)"), TWO_FLOATS)), DEFAULTS);
      assertThat(e.getMessage()).contains("unsupported dtype descr '<c8'");
    }

    @Test
    void aDtypeTensorsCannotHoldIsRefusedByName() throws IOException {
      StateDictException e = refusal(npz("n", npy(dict("<i4", "(2,)"), TWO_FLOATS)), DEFAULTS);
      assertThat(e.key()).isEqualTo("n");
      assertThat(e.getMessage())
          .contains("the file holds int32, which torch-parity tensors cannot hold");
    }

    @Test
    void theHeaderLimitIsNumpys() throws IOException {
      Path file = npz("w", npy(dict("<f4", "(2,)"), TWO_FLOATS));
      StateDictException e = refusal(file, DEFAULTS.withMaxNpyHeaderBytes(64));
      // the dict (60 characters), 57 spaces of padding and a newline: 118 bytes
      assertThat(e.getMessage())
          .contains("the .npy header has 118 bytes, over the limit of 64")
          .contains("WeightLimits.maxNpyHeaderBytes");
    }

    @Test
    void theRankLimitIsEnforcedWhileParsing() throws IOException {
      Path file = npz("w", npy(dict("<f4", "(1, 1, 2)"), TWO_FLOATS));
      StateDictException e = refusal(file, DEFAULTS.withMaxRank(2));
      assertThat(e.getMessage()).contains("more than 2 dimensions").contains("maxRank");
    }
  }

  @Nested
  class ZipDirectories {
    private TestZip twoEntries() {
      TestZip zip = new TestZip();
      zip.stored("a.npy", npy(dict("<f4", "(2,)"), TWO_FLOATS));
      zip.stored("b.npy", npy(dict("<f4", "(2,)"), TWO_FLOATS));
      return zip;
    }

    @Test
    void theBaselineReads() throws IOException {
      assertThat(StateDictFile.read(write("x.npz", twoEntries().build()), DEFAULTS))
          .containsOnlyKeys("a", "b");
    }

    @Test
    void aLocalHeaderTheCentralDirectoryDoesNotListIsRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.entries.get(1).central = false;
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage())
          .contains("a local header for 'b.npy' that the central directory does not list");
    }

    @Test
    void aCentralRecordWithoutItsOwnLocalHeaderIsRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.entries.get(1).local = false;
      zip.entries.get(1).centralOffset = 0L; // points at a.npy's local header
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.key()).isEqualTo("b.npy");
      assertThat(e.getMessage())
          .contains("the central directory puts it at offset 0, inside the previous entry");
    }

    @Test
    void namesThatDisagreeAreRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.entries.get(0).centralName = "c.npy";
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage()).contains("the local header at offset 0 says 'a.npy'");
    }

    @Test
    void sizesThatDisagreeAreRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.entries.get(0).localSize = 4L;
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.key()).isEqualTo("a.npy");
      assertThat(e.getMessage())
          .contains("the local header's size 4 disagrees with the central directory's 136");
    }

    @Test
    void aCountThatDisagreesIsRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.count = 1;
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage()).contains("bytes of the central directory follow its 1 entries");
    }

    @Test
    void anOffsetThatDisagreesIsRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.entries.get(1).centralOffset = 7L;
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage()).contains("inside the previous entry");
    }

    @Test
    void bytesBeforeTheFirstEntryAreRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.entries.get(0).before = new byte[16];
      zip.entries.get(0).centralOffset = 16L;
      zip.entries.get(1).centralOffset = 16L + 30 + 5 + 136;
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage()).contains("16 bytes at offset 0 belong to no entry");
    }

    @Test
    void bytesBetweenTheEntriesAndTheDirectoryAreRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.beforeDirectory = "hidden".getBytes(StandardCharsets.US_ASCII);
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage()).contains("6 bytes at offset").contains("belong to no entry");
    }

    @Test
    void aZipCommentIsRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.comment = "hi".getBytes(StandardCharsets.US_ASCII);
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage()).endsWith("a zip comment of 2 bytes lies outside every entry");
    }

    @Test
    void aRepeatedNameIsRefused() throws IOException {
      TestZip zip = twoEntries();
      zip.entries.get(1).name = "a.npy";
      StateDictException e = refusal(write("x.npz", zip.build()), DEFAULTS);
      assertThat(e.getMessage()).contains("the archive holds this entry twice");
    }

    @Test
    void unnamedArraysKeepTheirNamesAndOrderAsWritten() throws IOException {
      TestZip zip = new TestZip();
      zip.stored("arr_1.npy", npy(dict("<f4", "(2,)"), TWO_FLOATS));
      zip.stored("arr_0.npy", npy(dict("<f4", "(1,)"), floats(ByteOrder.LITTLE_ENDIAN, 3f)));
      Map<String, StateDictFile.Entry> read =
          StateDictFile.read(write("x.npz", zip.build()), DEFAULTS);
      assertThat(read.keySet()).containsExactly("arr_1", "arr_0");
      assertThat(read.get("arr_0").values().toDoubleArray()).containsExactly(3.0);
    }

    @Test
    void theEntryLimitIsCheckedAgainstTheEndRecord() throws IOException {
      StateDictException e =
          refusal(write("x.npz", twoEntries().build()), DEFAULTS.withMaxEntries(1));
      assertThat(e.getMessage()).contains("the file holds 2 or more entries, over the limit of 1");
    }
  }

  @Nested
  class CompressionBombs {
    private static final long GIB = 1L << 30;
    private static HostileWeights.Deflated zeros;

    @BeforeAll
    static void deflateAGibibyteOfZeros() {
      zeros = HostileWeights.deflatedZeros(GIB);
    }

    private Path bomb(long claimedSize) throws IOException {
      return write("bomb.npz", HostileWeights.npzOf(zeros, claimedSize));
    }

    @Test
    void theBombIsSmallAndHonest() {
      assertThat(zeros.data().length).isLessThan(1_100_000);
      assertThat(zeros.size()).isEqualTo(128 + GIB); // the .npy header and 2^30 data bytes
    }

    @Test
    void aGibibyteOfZerosIsRefusedByTheTotalLimit() throws IOException {
      StateDictException e = refusal(bomb(zeros.size()), DEFAULTS.withMaxCompressionRatio(10_000));
      assertThat(e.key()).isEqualTo("weight.npy");
      assertThat(e.getMessage())
          .contains("the entry claims 1073741952 bytes of data")
          .contains("over the limit of 1073741824 (WeightLimits.maxTotalBytes)");
    }

    @Test
    void aGibibyteOfZerosIsRefusedByTheCompressionRatio() throws IOException {
      StateDictException e = refusal(bomb(zeros.size()), DEFAULTS.withMaxTotalBytes(4 * GIB));
      assertThat(e.getMessage())
          .contains("the entry claims 1073741952 bytes compressed into " + zeros.data().length)
          .contains("a ratio over the limit of 100 (WeightLimits.maxCompressionRatio)");
    }

    @Test
    void theSameConstructionInsideTheLimitsIsRead() throws IOException {
      HostileWeights.Deflated small = HostileWeights.deflatedZeros(4L << 20);
      Path file = write("small.npz", HostileWeights.npzOf(small, small.size()));
      assertThat(refusal(file, DEFAULTS).getMessage()).contains("maxCompressionRatio");
      StateDictFile.Entry entry =
          StateDictFile.read(file, DEFAULTS.withMaxCompressionRatio(2_000)).get("weight");
      assertThat(entry.values().shape()).containsExactly(1 << 20); // 4 MiB of float32
      assertThat(entry.values().toDoubleArray()).containsOnly(0.0);
    }

    @Test
    void aSizeThatUnderstatesTheInflatedDataStopsTheInflaterThere() throws IOException {
      long claimed = (1L << 20) + 128; // 1 MiB and the header: inside every limit
      StateDictException e = refusal(bomb(claimed), DEFAULTS);
      assertThat(e.getMessage())
          .contains("the deflated data runs past the 1048704 bytes the archive claims");
    }
  }

  @Nested
  class NotRegularFiles {
    @ParameterizedTest
    @ValueSource(strings = {"x.npz", "x.safetensors"})
    void aSymlinkToDevZeroIsRefusedWithoutReading(String name) throws IOException {
      Path zero = Path.of("/dev/zero");
      Assumptions.assumeTrue(Files.exists(zero), "needs /dev/zero (a Unix system)");
      Path link = Files.createSymbolicLink(dir.resolve(name), zero);
      StateDictException e = refusal(link, DEFAULTS);
      assertThat(e.getMessage())
          .isEqualTo(
              link
                  + ": expected a regular file but it is a device, pipe or socket (it resolves to"
                  + " /dev/zero)");
    }

    @Test
    void aDirectoryIsRefused() throws IOException {
      Path folder = Files.createDirectory(dir.resolve("folder.npz"));
      assertThat(refusal(folder, DEFAULTS).getMessage())
          .endsWith("expected a regular file but it is a directory");
    }

    @Test
    void aSymlinkToARegularFileIsRead() throws IOException {
      Path real = npz("w", npy(dict("<f4", "(2,)"), TWO_FLOATS));
      Path link = Files.createSymbolicLink(dir.resolve("link.npz"), real);
      assertThat(StateDictFile.read(link, DEFAULTS)).containsOnlyKeys("w");
    }

    @Test
    void theFileLimitIsCheckedBeforeReading() throws IOException {
      Path file = npz("w", npy(dict("<f4", "(2,)"), TWO_FLOATS));
      long size = Files.size(file);
      assertThat(refusal(file, DEFAULTS.withMaxFileBytes(100)).getMessage())
          .contains("the file has " + size + " bytes, over the limit of 100");
    }
  }

  @Nested
  class Safetensors {
    private Path file(String json, byte[] data) throws IOException {
      return write("x.safetensors", safetensors(json, data));
    }

    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":";

    @Test
    void aDuplicateKeyIsRefused() throws IOException {
      StateDictException e =
          refusal(file("{" + A + "[0,4]}," + A + "[4,8]}}", TWO_FLOATS), DEFAULTS);
      assertThat(e.key()).isEqualTo("a");
      assertThat(e.getMessage()).contains("malformed safetensors header: Duplicate field 'a'");
    }

    @Test
    void aDuplicateFieldInsideAnEntryIsRefused() throws IOException {
      String json =
          "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}";
      StateDictException e = refusal(file(json, TWO_FLOATS), DEFAULTS);
      assertThat(e.key()).isEqualTo("a");
      assertThat(e.getMessage()).contains("Duplicate field 'dtype'");
    }

    @Test
    void overlappingOffsetsAreRefused() throws IOException {
      String b = "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";
      StateDictException e = refusal(file("{" + A + "[4,8]}," + b + "}", TWO_FLOATS), DEFAULTS);
      assertThat(e.key()).isEqualTo("a");
      assertThat(e.getMessage()).contains("data_offsets [4, 8] overlap 'b' at [0, 8]");
    }

    @Test
    void aGapBetweenTensorsIsRefused() throws IOException {
      String b = "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}";
      byte[] data = new byte[12];
      StateDictException e = refusal(file("{" + A + "[0,4]}," + b + "}", data), DEFAULTS);
      assertThat(e.key()).isEqualTo("b");
      assertThat(e.getMessage())
          .contains("leave bytes [4, 8) of the data section outside every tensor");
    }

    @Test
    void bytesAfterTheLastTensorAreRefused() throws IOException {
      StateDictException e = refusal(file("{" + A + "[0,4]}}", TWO_FLOATS), DEFAULTS);
      assertThat(e.getMessage())
          .contains("4 bytes at the end of the data section (8 bytes) belong to no tensor");
    }

    @Test
    void tensorsListedOutOfDataOrderAreReadAsTheFormatAllows() throws IOException {
      String b = "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
      Map<String, StateDictFile.Entry> read =
          StateDictFile.read(file("{" + A + "[4,8]}," + b + "}", TWO_FLOATS), DEFAULTS);
      assertThat(read.keySet()).containsExactly("a", "b");
      assertThat(read.get("a").values().toDoubleArray()).containsExactly(-2.25);
      assertThat(read.get("b").values().toDoubleArray()).containsExactly(1.5);
    }

    @Test
    void aShapeThatDoesNotFillItsOffsetsIsRefused() throws IOException {
      StateDictException e = refusal(file("{" + A + "[0,8]}}", TWO_FLOATS), DEFAULTS);
      assertThat(e.getMessage())
          .contains("the shape [1] of F32 needs 4 bytes but data_offsets [0, 8] span 8");
    }

    @Test
    void anUnknownDtypeIsRefused() throws IOException {
      String json = "{\"a\":{\"dtype\":\"F33\",\"shape\":[2],\"data_offsets\":[0,8]}}";
      assertThat(refusal(file(json, TWO_FLOATS), DEFAULTS).getMessage())
          .contains("unknown dtype 'F33'");
    }

    @Test
    void aDtypeTensorsCannotHoldIsRefusedByName() throws IOException {
      String json = "{\"a\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
      assertThat(refusal(file(json, TWO_FLOATS), DEFAULTS).getMessage())
          .contains("the file holds int32, which torch-parity tensors cannot hold");
    }

    @Test
    void theHeaderLengthIsBounded() throws IOException {
      Path file = file("{" + A + "[0,4]}}", floats(ByteOrder.LITTLE_ENDIAN, 1f));
      assertThat(refusal(file, DEFAULTS.withMaxHeaderBytes(16)).getMessage())
          .contains("the header claims 56 bytes, over the limit of 16")
          .contains("WeightLimits.maxHeaderBytes");
    }

    @Test
    void aHeaderThatIsNotUtf8IsRefused() throws IOException {
      byte[] bytes = safetensors("{\"\u00e9\":{}}", new byte[0]);
      bytes[10] = (byte) 0xff;
      assertThat(refusal(write("x.safetensors", bytes), DEFAULTS).getMessage())
          .contains("the header is not valid UTF-8");
    }

    @Test
    void aHugeShapeClaimIsRefusedBeforeAllocating() throws IOException {
      String json =
          "{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000000,1000000000],\"data_offsets\":[0,8]}}";
      assertThat(refusal(file(json, TWO_FLOATS), DEFAULTS).getMessage())
          .contains("needs 4000000000000000000 bytes but data_offsets [0, 8] span 8");
    }

    @Test
    void theRankLimitIsEnforced() throws IOException {
      String json = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1,2],\"data_offsets\":[0,8]}}";
      assertThat(refusal(file(json, TWO_FLOATS), DEFAULTS.withMaxRank(2)).getMessage())
          .contains("the shape claims more than 2 dimensions (WeightLimits.maxRank)");
    }

    @Test
    void theEntryLimitCountsWhileParsing() throws IOException {
      String b = "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}";
      Path file = file("{" + A + "[0,4]}," + b + "}", TWO_FLOATS);
      StateDictException e = refusal(file, DEFAULTS.withMaxEntries(1));
      assertThat(e.key()).isEqualTo("b");
      assertThat(e.getMessage()).contains("over the limit of 1 (WeightLimits.maxEntries)");
    }
  }
}
