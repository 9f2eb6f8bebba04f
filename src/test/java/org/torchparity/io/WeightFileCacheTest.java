package org.torchparity.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.spec.Tensor;

/**
 * One reader reads a weight file that several cases share once, and again when the file changes:
 * the cases of a recorded model all refer to one state-dict file.
 */
class WeightFileCacheTest {
  private static final String CASE =
      "{\"format\": \"torch-parity-case/2\", \"name\": \"%s\", \"module\": \"ReLU\","
          + " \"dtype\": \"float32\", \"input\": {\"file\": \"w.safetensors\", \"key\": \"x\"},"
          + " \"output\": {\"file\": \"w.safetensors\", \"key\": \"x\"}}";

  @Test
  void casesSharingAWeightFileGetTheSameTensorsUntilTheFileChanges(@TempDir Path dir)
      throws Exception {
    Path weights = dir.resolve("w.safetensors");
    StateDictFile.write(weights, Map.of("x", Tensor.of(new int[] {2}, new float[] {1, 2})));
    Path a = Files.writeString(dir.resolve("a.json"), String.format(CASE, "a"));
    Path b = Files.writeString(dir.resolve("b.json"), String.format(CASE, "b"));
    CaseReader reader = new CaseReader();
    Tensor first = reader.read(a).input();
    assertThat(reader.read(b).input()).isSameAs(first);
    // another reader reads the file itself
    assertThat(new CaseReader().read(b).input()).isNotSameAs(first).isEqualTo(first);

    StateDictFile.write(weights, Map.of("x", Tensor.of(new int[] {2}, new float[] {3, 4})));
    Files.setLastModifiedTime(weights, FileTime.fromMillis(0));
    Tensor changed = reader.read(a).input();
    assertThat(changed.getFlat(0)).isEqualTo(3.0);
    assertThat(reader.read(b).input()).isSameAs(changed);
  }
}
