package org.torchparity.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.torchparity.spec.Tensor;

/**
 * The weight files a {@link CaseReader} has read, kept while they are unchanged on disk, so that
 * the cases of one recorded model, which all refer to the same state-dict file and tensors file,
 * read each once instead of once per case. A file is known by its real path, size and modification
 * time; the tensors are immutable. At most {@link #MAX_FILES} files and {@link #MAX_BYTES} bytes of
 * files are kept, the least recently used dropped first; a larger file is read every time.
 */
final class WeightFileCache {
  /** The most files kept. */
  static final int MAX_FILES = 4;

  /** The most file bytes kept (their tensors take about twice that on the heap). */
  static final long MAX_BYTES = 256L << 20;

  private record Key(Path realPath, long size, FileTime modified) {}

  private final LinkedHashMap<Key, Map<String, Tensor>> files = new LinkedHashMap<>(8, 0.75f, true);

  /**
   * Returns the tensors of {@code realPath} if they were read before and the file is unchanged.
   *
   * @param realPath a weight file's real path
   * @return its tensors by key, or {@code null}
   */
  synchronized Map<String, Tensor> get(Path realPath) {
    Key key = key(realPath);
    return key == null ? null : files.get(key);
  }

  /**
   * Keeps the tensors just read from {@code realPath}, if the file is small enough.
   *
   * @param realPath the file's real path
   * @param tensors its tensors by key
   */
  synchronized void put(Path realPath, Map<String, Tensor> tensors) {
    Key key = key(realPath);
    if (key == null || key.size() > MAX_BYTES) {
      return;
    }
    files.put(key, tensors);
    long bytes = files.keySet().stream().mapToLong(Key::size).sum();
    Iterator<Key> eldest = files.keySet().iterator();
    while ((files.size() > MAX_FILES || bytes > MAX_BYTES) && eldest.hasNext()) {
      Key k = eldest.next();
      if (k.equals(key)) {
        break;
      }
      bytes -= k.size();
      eldest.remove();
    }
  }

  private static Key key(Path realPath) {
    try {
      BasicFileAttributes a = Files.readAttributes(realPath, BasicFileAttributes.class);
      return new Key(realPath, a.size(), a.lastModifiedTime());
    } catch (IOException e) {
      return null; // unreadable now: read it (and fail) the ordinary way
    }
  }
}
