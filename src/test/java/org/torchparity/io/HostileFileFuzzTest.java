package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.torchparity.engine.TorchEngine;
import org.torchparity.parity.CaseChecker;
import org.torchparity.parity.EngineKernel;
import org.torchparity.parity.ReferenceKernel;

/**
 * Seeded mutation fuzzing of the case reader and the weight readers: truncation, random bytes, huge
 * declared shapes and lengths, deep nesting, wrong types, header corruption, and for weight files
 * the structural attacks of {@link WeightMutator} (decoy headers, zip directories that disagree,
 * duplicate keys, overlapping offsets) and symlinks ({@code /dev/zero}, a directory, a loop,
 * nowhere, a valid file). Every mutant must either be read (and then checked without a crash) or be
 * refused with the project's typed error naming the file; nothing else may escape, nothing may take
 * longer than {@link #PER_FILE}, and no {@code OutOfMemoryError} may occur.
 */
class HostileFileFuzzTest {
  private static final long SEED = 20261124L;
  private static final int CASE_MUTANTS = 6_000;

  /**
   * Weight-file mutants per format: {@code -Dtorchparity.fuzz.weights=10000} for a long run; 500 by
   * default to keep {@code mvn verify} quick.
   */
  private static final int WEIGHT_MUTANTS = Integer.getInteger("torchparity.fuzz.weights", 500);

  private static final Duration PER_FILE = Duration.ofSeconds(10);

  private static ExecutorService worker;

  @BeforeAll
  static void startWorker() {
    worker = Executors.newSingleThreadExecutor();
    TorchEngine.get();
  }

  @AfterAll
  static void stopWorker() {
    worker.shutdownNow();
  }

  @Test
  void caseReaderRefusesEveryMalformedMutantByFileAndField() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (String file :
        List.of(
            "parity-tests/cases/notebook/notebook_single_conv.json",
            "parity-tests/cases/conv1d_errors/Conv1d_err_channel_mismatch.json",
            "parity-tests/cases/init_seed/" + firstFile("parity-tests/cases/init_seed"),
            "parity-tests/cases/conv_transpose1d/"
                + firstFile("parity-tests/cases/conv_transpose1d"),
            "src/test/resources/cases/hand-edited/notebook_pretty_printed.json")) {
      seeds.add(Files.readAllBytes(Path.of(file)));
    }
    SplittableRandom random = new SplittableRandom(SEED);
    CaseReader reader = new CaseReader();
    CaseChecker checker = new CaseChecker(List.of(new EngineKernel(), new ReferenceKernel()), null);
    int read = 0;
    int refused = 0;
    for (int i = 0; i < CASE_MUTANTS; i++) {
      byte[] mutant = JsonMutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
      String name = "mutant-" + i + ".json";
      Object outcome =
          withinTimeLimit(
              name,
              mutant,
              () -> {
                try {
                  var c = reader.read(name, new ByteArrayInputStream(mutant));
                  checker.check(c); // a readable mutant must also be checkable without a crash
                  return Boolean.TRUE;
                } catch (CaseFormatException e) {
                  assertThat(e.getMessage()).startsWith(name + ": ");
                  return Boolean.FALSE;
                }
              });
      if (outcome == Boolean.TRUE) {
        read++;
      } else {
        refused++;
      }
    }
    System.out.printf("case-file mutants: %d read, %d refused%n", read, refused);
    assertThat(read + refused).isEqualTo(CASE_MUTANTS);
    assertThat(refused).as("most mutants are malformed").isGreaterThan(CASE_MUTANTS / 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"npz", "safetensors"})
  void weightReaderReadsOrRefusesEveryMutantByFile(String format, @TempDir Path dir)
      throws Exception {
    boolean safetensors = format.equals("safetensors");
    List<byte[]> seeds = new ArrayList<>();
    for (String file :
        safetensors
            ? List.of("parity-tests/state_dicts/encoder.safetensors")
            : List.of(
                "parity-tests/state_dicts/encoder.npz",
                "src/test/resources/weights/savez_compressed.npz",
                "src/test/resources/weights/savez_stream.npz",
                "src/test/resources/weights/big_endian.npz")) {
      seeds.add(Files.readAllBytes(Path.of(file)));
    }
    Path valid = dir.resolve("valid." + format);
    Files.write(valid, seeds.get(0));
    SplittableRandom random = new SplittableRandom(SEED + (safetensors ? 2 : 1));
    int read = 0;
    int refused = 0;
    int links = 0;
    for (int i = 0; i < WEIGHT_MUTANTS; i++) {
      Path file = dir.resolve("mutant-" + i + "." + format);
      byte[] mutant = new byte[0];
      if (random.nextInt(25) == 0) {
        links++;
        symlinkMutant(file, valid, dir, random);
      } else {
        mutant =
            BinaryMutator.mutateWeights(
                seeds.get(random.nextInt(seeds.size())), random, safetensors);
        Files.write(file, mutant);
      }
      Object outcome =
          withinTimeLimit(
              file.toString(),
              mutant,
              () -> {
                try {
                  return StateDictFile.read(file);
                } catch (StateDictException e) {
                  assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain("\n\tat ");
                  assertThat(e.file()).isEqualTo(file);
                  return null;
                }
              });
      if (outcome == null) {
        refused++;
      } else {
        read++;
      }
      Files.deleteIfExists(file);
    }
    System.out.printf(
        "%s mutants: %d read, %d refused (%d symlinks), all StateDictException%n",
        format, read, refused, links);
    assertThat(read + refused).isEqualTo(WEIGHT_MUTANTS);
    assertThat(refused).as("most mutants are malformed").isGreaterThan(WEIGHT_MUTANTS / 2);
  }

  /** A symlink to /dev/zero, a directory, a valid file, nowhere, or itself (a loop). */
  private static void symlinkMutant(Path file, Path valid, Path dir, SplittableRandom random)
      throws IOException {
    Path target =
        switch (random.nextInt(5)) {
          case 0 -> Path.of("/dev/zero");
          case 1 -> dir;
          case 2 -> valid;
          case 3 -> dir.resolve("missing");
          default -> file;
        };
    Files.createSymbolicLink(file, target);
  }

  private interface Attempt {
    Object run() throws Exception;
  }

  private static Object withinTimeLimit(String name, byte[] mutant, Attempt attempt)
      throws Exception {
    Future<Object> future = worker.submit(attempt::run);
    try {
      return future.get(PER_FILE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError(name + " took longer than " + PER_FILE + ": " + preview(mutant));
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof AssertionError assertion) {
        throw assertion;
      }
      return fail(name + " escaped as " + cause + " for input " + preview(mutant), cause);
    }
  }

  private static String preview(byte[] bytes) {
    String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.ISO_8859_1);
    return text.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static String firstFile(String dir) throws IOException {
    try (var files = Files.list(Path.of(dir))) {
      return files.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
    }
  }
}
