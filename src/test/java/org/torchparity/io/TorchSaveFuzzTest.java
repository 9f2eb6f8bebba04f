package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.DType;

/**
 * Seeded mutation fuzzing of the {@code .pt} reader over PyTorch-written files: byte-level
 * mutations of the whole archive (mostly caught by the zip checks and CRC-32s), mutations of the
 * pickle re-packed into a valid archive (bit flips, truncations, inserted bytes, opcodes swapped
 * for others, inserted opcodes, changed small ints such as sizes, strides and offsets, deleted and
 * repeated runs), and archive-level ones (a storage entry cut or grown, entries dropped, renamed or
 * added, a byte order or version record changed). Every mutant must be read, and then each tensor
 * is checked for a consistent dtype, shape and length and converted, or be refused with a {@link
 * StateDictException} naming the file; nothing else may be thrown, nothing may take longer than 10
 * s, and no {@code OutOfMemoryError} may occur. {@code -Dtorchparity.fuzz.pt=N} runs N mutants
 * (12,000 by default).
 */
class TorchSaveFuzzTest {
  private static final int MUTANTS = Integer.getInteger("torchparity.fuzz.pt", 12_000);
  private static final String[] SEEDS = {
    "dtypes.pt", "views.pt", "shared.pt", "checkpoint.pt", "sequential.pt", "protocol4.pt",
    "list.pt", "tuple.pt", "parameters.pt", "big_endian.pt", "deflated.pt", "torch2_layout.pt"
  };

  /** Opcodes the reader runs, and some it refuses, to splice into pickles. */
  private static final byte[] OPCODES =
      "(.0123NJKMGXUTCB}])tlde asuqrhjcRbQ\u0088\u0089\u0085\u0086\u0087\u008a\u008c\u0093\u0094\u0095\u0081io"
          .getBytes(StandardCharsets.ISO_8859_1);

  /** Lower than the defaults so that a mutant claiming much is refused rather than slow. */
  private static final WeightLimits LIMITS = WeightLimits.DEFAULTS.withMaxTotalBytes(64L << 20);

  @Test
  void everyMutantIsReadConsistentlyOrRefusedWithATypedError() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    List<Map<String, byte[]>> entries = new ArrayList<>();
    for (String name : SEEDS) {
      byte[] bytes = Files.readAllBytes(TorchSaveFormatTest.DIR.resolve(name));
      seeds.add(bytes);
      entries.add(entries(bytes));
    }
    SplittableRandom random = new SplittableRandom(20261130L);
    int[] byKind = new int[3];
    int read = 0;
    int refused = 0;
    long tensors = 0;
    ExecutorService worker = Executors.newSingleThreadExecutor();
    long started = System.nanoTime();
    try {
      for (int i = 0; i < MUTANTS; i++) {
        int seed = random.nextInt(seeds.size());
        int kind = random.nextInt(10) < 2 ? 0 : random.nextInt(10) < 8 ? 1 : 2;
        byKind[kind]++;
        byte[] mutant =
            switch (kind) {
              case 0 -> BinaryMutator.mutate(seeds.get(seed), random, false);
              case 1 -> repack(entries.get(seed), mutatePickle(entries.get(seed), random));
              default -> mutateArchive(entries.get(seed), random);
            };
        String keyPath =
            SEEDS[seed].equals("checkpoint.pt") && random.nextBoolean() ? "model" : null;
        Path file = Path.of("mutant-" + i + ".pt");
        Future<Long> outcome = worker.submit(() -> readAndCheck(file, mutant, keyPath));
        long count;
        try {
          count = outcome.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          outcome.cancel(true);
          throw new AssertionError(file + " (from " + SEEDS[seed] + ") took longer than 10 s");
        } catch (ExecutionException e) {
          throw new AssertionError(
              file + " (from " + SEEDS[seed] + ", kind " + kind + ") threw " + e.getCause(),
              e.getCause());
        }
        if (count < 0) {
          refused++;
        } else {
          read++;
          tensors += count;
        }
      }
    } finally {
      worker.shutdownNow();
    }
    System.out.printf(
        "torch.save (.pt) mutants: %d in %.1f s (%d archive bytes, %d pickle, %d entries):"
            + " %d read (%d tensors checked), %d refused, all StateDictException%n",
        MUTANTS,
        (System.nanoTime() - started) / 1e9,
        byKind[0],
        byKind[1],
        byKind[2],
        read,
        tensors,
        refused);
    assertThat(read + refused).isEqualTo(MUTANTS);
    assertThat(refused).as("most mutants are malformed").isGreaterThan(MUTANTS / 2);
    assertThat(read)
        .as("some mutants stay readable, so the checks on read tensors ran")
        .isPositive();
  }

  /** Reads a mutant: the number of tensors read and checked, or -1 when it was refused. */
  private static long readAndCheck(Path file, byte[] mutant, String keyPath) {
    Map<String, StoredTensor> tensors;
    try {
      tensors = TorchSaveFormat.read(file, mutant, keyPath, LIMITS);
    } catch (StateDictException e) {
      assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n\tat ");
      assertThat(e.file()).isEqualTo(file);
      return -1;
    }
    for (StoredTensor t : tensors.values()) {
      StoredDType dtype = t.storedDType();
      long numel = 1;
      for (int dim : t.shape()) {
        assertThat(dim).isNotNegative();
        numel *= dim;
      }
      assertThat(t.numel()).isEqualTo(numel);
      assertThat(t.byteSize()).isEqualTo(numel * dtype.itemSize());
      assertThat((long) t.data().remaining()).isEqualTo(t.byteSize());
      assertThat(StoredDType.ofTorchName(t.dtype())).isSameAs(dtype);
      if (numel <= 1_000_000) {
        assertThat(t.convertTo(DType.FLOAT64).numel()).isEqualTo((int) numel);
      }
    }
    return tensors.size();
  }

  /** The archive's entries, in order, by name. */
  private static Map<String, byte[]> entries(byte[] zip) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (StrictZip.Member m : StrictZip.members(null, zip, WeightLimits.DEFAULTS)) {
      ZipContents.Slice s = ZipContents.contents(null, zip, m);
      out.put(
          m.name(), java.util.Arrays.copyOfRange(s.bytes(), s.offset(), s.offset() + s.length()));
    }
    return out;
  }

  private static String pickleName(Map<String, byte[]> entries) {
    return entries.keySet().stream().filter(n -> n.endsWith("/data.pkl")).findFirst().orElseThrow();
  }

  private static byte[] repack(Map<String, byte[]> entries, byte[] pickle) {
    Map<String, byte[]> copy = new LinkedHashMap<>(entries);
    copy.put(pickleName(entries), pickle);
    return zip(copy);
  }

  private static byte[] zip(Map<String, byte[]> entries) {
    ZipWriter zip = new ZipWriter(null, 64);
    entries.forEach((name, data) -> zip.add(name, data, 0, data.length));
    return zip.finish();
  }

  private static byte[] mutatePickle(Map<String, byte[]> entries, SplittableRandom random) {
    byte[] p = entries.get(pickleName(entries)).clone();
    int at = random.nextInt(p.length);
    switch (random.nextInt(8)) {
      case 0 -> {
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return p;
      }
      case 1 -> {
        return java.util.Arrays.copyOf(p, at);
      }
      case 2 -> {
        byte[] noise = new byte[1 + random.nextInt(16)];
        random.nextBytes(noise);
        return splice(p, at, 0, noise);
      }
      case 3 -> { // an opcode swapped for another
        p[at] = OPCODES[random.nextInt(OPCODES.length)];
        return p;
      }
      case 4 -> { // an opcode inserted, with a few argument bytes
        byte[] op = new byte[1 + random.nextInt(5)];
        random.nextBytes(op);
        op[0] = OPCODES[random.nextInt(OPCODES.length)];
        return splice(p, at, 0, op);
      }
      case 5 -> { // a small int (BININT1: sizes, strides, offsets, numel, memo keys) changed
        List<Integer> ints = new ArrayList<>();
        for (int i = 0; i + 1 < p.length; i++) {
          if (p[i] == 'K' || p[i] == 'q' || p[i] == 'h') {
            ints.add(i + 1);
          }
        }
        if (!ints.isEmpty()) {
          int i = ints.get(random.nextInt(ints.size()));
          p[i] = (byte) (random.nextBoolean() ? p[i] + random.nextInt(-2, 3) : random.nextInt(256));
        }
        return p;
      }
      case 6 -> {
        return splice(p, at, Math.min(p.length - at, 1 + random.nextInt(12)), new byte[0]);
      }
      default -> {
        int length = Math.min(p.length - at, 1 + random.nextInt(40));
        return splice(p, at, 0, java.util.Arrays.copyOfRange(p, at, at + length));
      }
    }
  }

  private static byte[] mutateArchive(Map<String, byte[]> entries, SplittableRandom random) {
    Map<String, byte[]> copy = new LinkedHashMap<>(entries);
    List<String> names = new ArrayList<>(copy.keySet());
    String name = names.get(random.nextInt(names.size()));
    String folder = name.substring(0, name.indexOf('/') + 1);
    byte[] data = copy.get(name);
    switch (random.nextInt(6)) {
      case 0 -> copy.put(name, java.util.Arrays.copyOf(data, random.nextInt(data.length + 1)));
      case 1 -> copy.put(name, java.util.Arrays.copyOf(data, data.length + 1 + random.nextInt(8)));
      case 2 -> copy.remove(name);
      case 3 -> {
        copy.remove(name);
        String[] others = {"data/7", "../" + name, name + "/x", "other/" + name, folder + "x"};
        copy.put(others[random.nextInt(others.length)], data);
      }
      case 4 -> {
        String[] orders = {"little", "big", "middle", ""};
        copy.put(
            folder + "byteorder", orders[random.nextInt(4)].getBytes(StandardCharsets.US_ASCII));
      }
      default -> {
        String[] versions = {"0\n", "1", "10\n", "11\n", "3\n\n", "-3\n", "x"};
        copy.put(
            folder + "version", versions[random.nextInt(7)].getBytes(StandardCharsets.US_ASCII));
      }
    }
    return zip(copy);
  }

  private static byte[] splice(byte[] p, int at, int remove, byte[] insert) {
    byte[] out = new byte[p.length - remove + insert.length];
    System.arraycopy(p, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(p, at + remove, out, at + insert.length, p.length - at - remove);
    return out;
  }
}
