package org.torchparity.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NumPy's {@code .npz}: a zip archive of {@code <key>.npy} entries. Reading goes through {@link
 * StrictZip} and {@link NpyFormat}, over the file's bytes in memory; keys are the entry names as
 * written, without {@code .npy} (so {@code np.savez(a, b)} gives {@code arr_0}, {@code arr_1}).
 * Writing produces what {@code np.savez} does: stored (uncompressed) entries, one per tensor.
 */
final class NpzFormat {
  private NpzFormat() {}

  static Map<String, StoredTensor> read(Path file, byte[] zip, WeightLimits limits) {
    List<StrictZip.Member> members = StrictZip.members(file, zip, limits);
    Map<String, StoredTensor> result = new LinkedHashMap<>();
    for (StrictZip.Member m : members) {
      if (!m.name().endsWith(".npy")) {
        throw new StateDictException(
            file, m.name(), "expected only .npy entries in a .npz but found '" + m.name() + "'");
      }
      String key = m.name().substring(0, m.name().length() - 4);
      if (result.containsKey(key)) {
        throw new StateDictException(file, key, "the key appears twice");
      }
      ZipContents.Slice slice = ZipContents.contents(file, zip, m);
      result.put(
          key, NpyFormat.read(file, key, slice.bytes(), slice.offset(), slice.length(), limits));
    }
    return result;
  }

  static byte[] write(Path file, Map<String, StoredTensor> tensors) {
    ZipWriter zip = new ZipWriter(file, 1);
    for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
      byte[] data = NpyFormat.write(file, e.getKey(), e.getValue());
      zip.add(e.getKey() + ".npy", data, 0, data.length);
    }
    return zip.finish();
  }
}
