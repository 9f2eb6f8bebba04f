package org.torchparity.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.torchparity.spec.Tensor;

/**
 * Reads and writes state dicts ({@code name -> tensor}) as PyTorch's own {@code torch.save} files
 * ({@code .pt}, {@code .pth}), NumPy {@code .npz} or safetensors files.
 *
 * <p>Reading is this package's own, one strict parser per format ({@link TorchSaveFormat} over
 * {@link StrictZip} and a restricted unpickler, {@link NpzFormat} over {@link StrictZip} and {@link
 * NpyFormat}, {@link SafetensorsFormat}), which decodes the tensors from exactly the bytes it
 * verified: the file is read once, bounded, into memory; every claim in it (a header length, a
 * shape, a stride, a zip entry's size or offset, a pickle's nesting) is checked against the bytes
 * really there and against {@link WeightLimits} before anything sized by it is allocated; and any
 * disagreement becomes a {@link StateDictException} naming the file, the entry and the claim. A
 * {@code .pt} file's pickle builds only tensors and plain containers; nothing in it is executed.
 *
 * <p>{@link #readStored} gives every tensor in the file's own dtype (all of PyTorch's float32,
 * float64, float16, bfloat16, int64, int32, int16, int8, uint8 and bool) as {@link StoredTensor}s;
 * {@link #read} gives {@link Tensor}s and refuses the dtypes a {@link Tensor} cannot hold by name.
 * See {@code docs/hardening.md} and {@code docs/torch-save.md} for the attacks this refuses.
 */
public final class StateDictFile {
  /** Largest file this class can read: the longest Java array. See {@link WeightLimits}. */
  public static final long MAX_BYTES = WeightLimits.ARRAY_LIMIT;

  /** A file format, chosen by the file name's extension. */
  public enum Format {
    /** NumPy's {@code np.savez}: a zip of {@code <name>.npy} entries. */
    NPZ,
    /** Hugging Face safetensors. */
    SAFETENSORS,
    /** PyTorch's {@code torch.save} zip format ({@code .pt} or {@code .pth}). */
    PT;

    /**
     * Picks the format from a file name: {@code .pt} or {@code .pth}, {@code .npz}, {@code
     * .safetensors}.
     *
     * @param file the file
     * @return its format
     * @throws StateDictException for any other extension
     */
    public static Format of(Path file) {
      Path leaf = file.getFileName();
      String name = leaf == null ? "" : leaf.toString().toLowerCase(Locale.ROOT);
      if (name.endsWith(".npz")) {
        return NPZ;
      }
      if (name.endsWith(".safetensors")) {
        return SAFETENSORS;
      }
      if (name.endsWith(".pt") || name.endsWith(".pth")) {
        return PT;
      }
      throw new StateDictException(
          file,
          null,
          "expected a .pt, .pth, .npz or .safetensors file name but got '" + name + "'");
    }
  }

  /**
   * One tensor as a {@link Tensor}: the dtype the file holds and its values in that dtype.
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
   * @param file a {@code .pt}, {@code .pth}, {@code .npz} or {@code .safetensors} file
   * @return name to entry
   * @throws StateDictException when the file is unreadable, truncated, malformed, over a limit, or
   *     holds a dtype other than float32, float64, int64 and bool
   */
  public static Map<String, Entry> read(Path file) {
    return read(file, WeightLimits.DEFAULTS);
  }

  /**
   * Reads every tensor of a state dict file, in file order.
   *
   * @param file a {@code .pt}, {@code .pth}, {@code .npz} or {@code .safetensors} file; symlinks
   *     are followed to a regular file, anything else is refused
   * @param limits the limits on the file's claims
   * @return name to entry
   * @throws StateDictException when the file is unreadable, truncated, malformed, over a limit, or
   *     holds a dtype other than float32, float64, int64 and bool
   */
  public static Map<String, Entry> read(Path file, WeightLimits limits) {
    Map<String, Entry> out = new LinkedHashMap<>();
    readStored(file, null, limits)
        .forEach(
            (key, stored) -> out.put(key, new Entry(stored.dtype(), stored.toTensor(file, key))));
    return out;
  }

  /**
   * Reads every tensor of a state dict file in its own dtype, within the default limits.
   *
   * @param file a {@code .pt}, {@code .pth}, {@code .npz} or {@code .safetensors} file
   * @return name to tensor, in file order
   * @throws StateDictException when the file is unreadable, truncated, malformed or over a limit
   */
  public static Map<String, StoredTensor> readStored(Path file) {
    return readStored(file, null, WeightLimits.DEFAULTS);
  }

  /**
   * Reads the tensors under a key path of a state dict file, each in its own dtype.
   *
   * @param file a {@code .pt}, {@code .pth}, {@code .npz} or {@code .safetensors} file; symlinks
   *     are followed to a regular file, anything else is refused
   * @param keyPath where the state dict lies, or {@code null} for the whole file: in a {@code .pt}
   *     checkpoint a path of dict keys ({@code model}, {@code a.b}) or list indices; in any format,
   *     past the dicts, a key prefix ({@code encoder} picks {@code encoder.*} without the prefix)
   *     or one key
   * @param limits the limits on the file's claims
   * @return name to tensor, in file order
   * @throws StateDictException when the file is unreadable, truncated, malformed or over a limit,
   *     when the key path leads nowhere, or (for {@code .pt}) when what it holds is not a state
   *     dict
   */
  public static Map<String, StoredTensor> readStored(
      Path file, String keyPath, WeightLimits limits) {
    Format format = Format.of(file);
    byte[] bytes = WeightFileBytes.read(file, limits);
    if (format == Format.PT) {
      return TorchSaveFormat.read(file, bytes, keyPath, limits);
    }
    Map<String, StoredTensor> all =
        format == Format.NPZ
            ? NpzFormat.read(file, bytes, limits)
            : SafetensorsFormat.read(file, bytes, limits);
    return keyPath == null || keyPath.isEmpty() ? all : byKey(file, all, keyPath);
  }

  /** One key of a flat file, or the keys under {@code keyPath.} with that prefix removed. */
  private static Map<String, StoredTensor> byKey(
      Path file, Map<String, StoredTensor> all, String keyPath) {
    Map<String, StoredTensor> out = new LinkedHashMap<>();
    if (all.containsKey(keyPath)) {
      String[] parts = keyPath.split("\\.");
      out.put(parts.length == 0 ? keyPath : parts[parts.length - 1], all.get(keyPath));
      return out;
    }
    String prefix = keyPath + ".";
    all.forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && key.length() > prefix.length()) {
            out.put(key.substring(prefix.length()), value);
          }
        });
    if (out.isEmpty()) {
      throw new StateDictException(
          file, keyPath, "no key is '" + keyPath + "' or starts with '" + prefix + "'");
    }
    return out;
  }

  /**
   * Writes tensors to a state dict file, in map order, each in its own dtype; see {@link
   * #writeStored}.
   *
   * @param file the destination ({@code .pt}, {@code .pth}, {@code .npz} or {@code .safetensors});
   *     replaced if present
   * @param tensors name to tensor
   * @throws StateDictException when the file cannot be written
   */
  public static void write(Path file, Map<String, Tensor> tensors) {
    Map<String, StoredTensor> stored = new LinkedHashMap<>();
    tensors.forEach((key, tensor) -> stored.put(key, StoredTensor.of(tensor)));
    writeStored(file, stored);
  }

  /**
   * Writes tensors to a state dict file, in map order, each in its own dtype: a {@code .pt} as
   * {@code torch.save(state_dict)} does (PyTorch's {@code torch.load(path, weights_only=True)}
   * reads it back bit for bit), a {@code .npz} as {@code np.savez} writes it (stored {@code .npy}
   * entries; numpy has no bfloat16, which is refused), a {@code .safetensors} file with the
   * tensors' data in map order. Reading the file back gives bit-identical tensors.
   *
   * @param file the destination; replaced if present
   * @param tensors name to tensor
   * @throws StateDictException when the format cannot hold a dtype, or the file cannot be written
   */
  public static void writeStored(Path file, Map<String, StoredTensor> tensors) {
    Format format = Format.of(file);
    byte[] bytes =
        switch (format) {
          case NPZ -> NpzFormat.write(file, tensors);
          case SAFETENSORS -> SafetensorsFormat.write(file, tensors);
          case PT -> TorchSaveWriter.write(file, tensors);
        };
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot write it: " + e.getMessage());
    }
  }
}
