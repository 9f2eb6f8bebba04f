package org.torchparity.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.torchparity.spec.Tensor;

/**
 * Reads and writes state dicts ({@code name -> tensor}) as NumPy {@code .npz} or safetensors files,
 * the two formats PyTorch users can write without pickle.
 *
 * <p>Reading is this package's own, one strict parser per format ({@link NpzFormat} over {@link
 * StrictZip} and {@link NpyFormat}, {@link SafetensorsFormat}), which decodes the tensors from
 * exactly the bytes it verified: the file is read once, bounded, into memory; every claim in it (a
 * header length, a shape, a zip entry's size or offset) is checked against the bytes really there
 * and against {@link WeightLimits} before anything sized by it is allocated; and any disagreement
 * becomes a {@link StateDictException} naming the file, the entry and the claim. Tensors keep the
 * file's dtype (float32, float64, int64 or bool; other dtypes are refused by name). See {@code
 * docs/hardening.md} for the attacks this refuses.
 */
public final class StateDictFile {
  /** Largest file this class can read: the longest Java array. See {@link WeightLimits}. */
  public static final long MAX_BYTES = WeightLimits.ARRAY_LIMIT;

  /** A file format, chosen by the file name's extension. */
  public enum Format {
    /** NumPy's {@code np.savez}: a zip of {@code <name>.npy} entries. */
    NPZ,
    /** Hugging Face safetensors. */
    SAFETENSORS;

    /**
     * Picks the format from a file name: {@code .npz} or {@code .safetensors}.
     *
     * @param file the file
     * @return its format
     * @throws StateDictException for any other extension
     */
    public static Format of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".npz")) {
        return NPZ;
      }
      if (name.endsWith(".safetensors")) {
        return SAFETENSORS;
      }
      throw new StateDictException(
          file, null, "expected a .npz or .safetensors file name but got '" + name + "'");
    }
  }

  /**
   * One stored tensor: the dtype the file holds and its values in that dtype.
   *
   * @param dtype the stored dtype as PyTorch names it ({@code float32}, {@code float64}, {@code
   *     int64}, {@code bool})
   * @param values the values, a tensor of the stored shape and dtype
   */
  public record Entry(String dtype, Tensor values) {}

  private StateDictFile() {}

  /**
   * Reads every tensor of a state dict file, in file order, within the default limits.
   *
   * @param file a {@code .npz} or {@code .safetensors} file
   * @return name to entry
   * @throws StateDictException when the file is unreadable, truncated, malformed or over a limit
   */
  public static Map<String, Entry> read(Path file) {
    return read(file, WeightLimits.DEFAULTS);
  }

  /**
   * Reads every tensor of a state dict file, in file order.
   *
   * @param file a {@code .npz} or {@code .safetensors} file; symlinks are followed to a regular
   *     file, anything else is refused
   * @param limits the limits on the file's claims
   * @return name to entry
   * @throws StateDictException when the file is unreadable, truncated, malformed or over a limit
   */
  public static Map<String, Entry> read(Path file, WeightLimits limits) {
    Format format = Format.of(file);
    byte[] bytes = WeightFileBytes.read(file, limits);
    return format == Format.NPZ
        ? NpzFormat.read(file, bytes, limits)
        : SafetensorsFormat.read(file, bytes, limits);
  }

  /**
   * Writes tensors to a state dict file, in map order, each in its own dtype: a {@code .npz} as
   * {@code np.savez} writes it (stored {@code .npy} entries), a {@code .safetensors} file with the
   * tensors' data in map order. Reading the file back gives bit-identical tensors.
   *
   * @param file the destination ({@code .npz} or {@code .safetensors}); replaced if present
   * @param tensors name to tensor
   * @throws StateDictException when the file cannot be written
   */
  public static void write(Path file, Map<String, Tensor> tensors) {
    Format format = Format.of(file);
    byte[] bytes =
        format == Format.NPZ
            ? NpzFormat.write(file, tensors)
            : SafetensorsFormat.write(file, tensors);
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot write it: " + e.getMessage());
    }
  }
}
