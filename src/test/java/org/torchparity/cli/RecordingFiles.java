package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** File helpers the recording tests share: copying a recording and nudging one stored value. */
final class RecordingFiles {
  private RecordingFiles() {}

  /** Copies the files of {@code from} (not sub-folders' contents) into {@code to}. */
  static void copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  /** Adds {@code delta} to the first element of a float32 tensor in a safetensors file. */
  static void addToFirstElement(Path file, String key, float delta) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) b.getLong(0);
    JsonNode entry =
        new ObjectMapper()
            .readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8))
            .get(key);
    assertThat(entry.get("dtype").asText()).isEqualTo("F32");
    int at = 8 + headerLength + entry.get("data_offsets").get(0).asInt();
    b.putFloat(at, b.getFloat(at) + delta);
    Files.write(file, bytes);
  }
}
