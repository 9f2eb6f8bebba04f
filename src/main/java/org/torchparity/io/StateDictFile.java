package org.torchparity.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Reads and writes state dicts ({@code name -> tensor}) as NumPy {@code .npz} or safetensors files,
 * the two formats PyTorch users can write without pickle. Decoding and encoding are DJL's ({@link
 * NDList#decode(NDManager, byte[])}, {@link NDList#encode(OutputStream, NDList.Encoding)}); what
 * this class adds is a check of every header against the file's real size before DJL allocates
 * anything, so a truncated or hostile file becomes a {@link StateDictException} naming the file and
 * the key, never an {@code OutOfMemoryError} or a native crash.
 *
 * <p>Refused, with a reason: big-endian {@code .npy} data (DJL's decoder would read the bytes as
 * little-endian), Fortran-ordered arrays, non-floating dtypes, duplicate keys, files over {@link
 * #MAX_BYTES}.
 */
public final class StateDictFile {
  /** Largest file read: 2 GiB, the most a Java array holds. */
  public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private static final Pattern NPY_HEADER =
      Pattern.compile(
          "'descr':\\s*'([^']*)'.*'fortran_order':\\s*(True|False).*'shape':\\s*\\(([^)]*)\\)",
          Pattern.DOTALL);
  private static final ObjectMapper JSON = new ObjectMapper();

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
   * One stored tensor: the dtype the file holds and its values widened to float64.
   *
   * @param dtype the stored dtype as DJL names it ({@code float32}, {@code float16}, ...)
   * @param values the values, as a float64 tensor of the stored shape
   */
  public record Entry(String dtype, Tensor values) {}

  private StateDictFile() {}

  /**
   * Reads every tensor of a state dict file, in file order.
   *
   * @param manager a manager for DJL's decoding; the arrays are closed before this returns
   * @param file a {@code .npz} or {@code .safetensors} file
   * @return name to entry
   * @throws StateDictException when the file is unreadable, truncated or malformed
   */
  public static Map<String, Entry> read(NDManager manager, Path file) {
    Format format = Format.of(file);
    byte[] bytes = readBounded(file);
    if (format == Format.NPZ) {
      checkNpz(file);
    } else {
      checkSafetensors(file, bytes);
    }
    Map<String, Entry> result = new LinkedHashMap<>();
    try (NDManager scratch = manager.newSubManager()) {
      NDList list;
      try {
        list = NDList.decode(scratch, bytes);
      } catch (RuntimeException e) {
        throw new StateDictException(file, null, "DJL could not decode it: " + rootMessage(e));
      }
      int index = 0;
      for (NDArray array : list) {
        String name = array.getName() == null ? "arr_" + index : array.getName();
        index++;
        if (result.containsKey(name)) {
          throw new StateDictException(file, name, "the key appears twice");
        }
        result.put(name, toEntry(file, name, array));
      }
    }
    return result;
  }

  /**
   * Writes tensors to a state dict file, in map order; the format follows the extension.
   *
   * @param manager a manager for DJL's encoding; the arrays are closed before this returns
   * @param file the destination ({@code .npz} or {@code .safetensors}); replaced if present
   * @param tensors name to tensor
   * @throws StateDictException when the file cannot be written
   */
  public static void write(NDManager manager, Path file, Map<String, Tensor> tensors) {
    Format format = Format.of(file);
    try (NDManager scratch = manager.newSubManager()) {
      NDList list = new NDList(tensors.size());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        Tensor t = e.getValue();
        Shape shape = new Shape(java.util.Arrays.stream(t.shape()).asLongStream().toArray());
        NDArray array =
            t.dtype() == DType.FLOAT32
                ? scratch.create(t.toFloatArray(), shape)
                : scratch.create(t.toDoubleArray(), shape);
        array.setName(e.getKey());
        list.add(array);
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      list.encode(buffer, format == Format.NPZ ? NDList.Encoding.NPZ : NDList.Encoding.SAFETENSORS);
      Files.write(file, buffer.toByteArray());
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot write it: " + e.getMessage());
    }
  }

  private static Entry toEntry(Path file, String name, NDArray array) {
    DataType type = array.getDataType();
    if (!type.isFloating()) {
      throw new StateDictException(
          file, name, "expected a floating-point tensor but the file holds " + type);
    }
    long[] dims = array.getShape().getShape();
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = Math.toIntExact(dims[i]);
    }
    double[] values =
        type == DataType.FLOAT64
            ? array.toDoubleArray()
            : array.toType(DataType.FLOAT64, false).toDoubleArray();
    return new Entry(
        type.toString().toLowerCase(Locale.ROOT), Tensor.of(DType.FLOAT64, shape, values));
  }

  private static byte[] readBounded(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new StateDictException(
            file, null, "expected at most " + MAX_BYTES + " bytes but the file has " + size);
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot read it: " + e);
    }
  }

  /** Every entry's header must promise no more data than the entry holds. */
  private static void checkNpz(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      long total = 0;
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (!name.endsWith(".npy")) {
          throw new StateDictException(file, name, "expected only .npy entries in a .npz");
        }
        String key = name.substring(0, name.length() - 4);
        long size = entry.getSize();
        total += Math.max(size, 0);
        if (size < 0 || total > MAX_BYTES) {
          throw new StateDictException(
              file, key, "expected entries of known size, at most " + MAX_BYTES + " bytes in all");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          checkNpyHeader(file, key, in, size);
        }
      }
    } catch (ZipException e) {
      throw new StateDictException(file, null, "not a readable zip (.npz): " + e.getMessage());
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot read it: " + e);
    }
  }

  private static void checkNpyHeader(Path file, String key, InputStream in, long entrySize)
      throws IOException {
    byte[] start = in.readNBytes(12);
    if (start.length < 10 || (start[0] & 0xff) != 0x93 || start[1] != 'N' || start[2] != 'U') {
      throw new StateDictException(file, key, "expected a .npy header (\\x93NUMPY)");
    }
    int major = start[6];
    if (major < 1 || major > 3) {
      throw new StateDictException(file, key, "unsupported .npy format version " + major);
    }
    ByteBuffer lengths = ByteBuffer.wrap(start, 8, 4).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lengths.getShort() & 0xffff : lengths.getInt() & 0xffffffffL;
    int prefix = major == 1 ? 10 : 12;
    if (headerLength < 12 - prefix || headerLength > entrySize - prefix) {
      throw new StateDictException(
          file, key, "its header claims " + headerLength + " bytes but the entry has " + entrySize);
    }
    byte[] rest = in.readNBytes((int) headerLength - (12 - prefix));
    String header =
        new String(start, prefix, 12 - prefix, StandardCharsets.ISO_8859_1)
            + new String(rest, StandardCharsets.ISO_8859_1);
    Matcher m = NPY_HEADER.matcher(header);
    if (!m.find()) {
      throw new StateDictException(file, key, "malformed .npy header: " + header.trim());
    }
    String descr = m.group(1);
    if (descr.startsWith(">")) {
      throw new StateDictException(
          file, key, "expected little-endian data but the header says '" + descr + "'");
    }
    if (m.group(2).equals("True")) {
      throw new StateDictException(
          file, key, "expected C order but the array is Fortran-ordered (np.ascontiguousarray)");
    }
    long elements = product(file, key, m.group(3).split(","));
    long itemSize = itemSize(file, key, descr);
    long needed = prefix + headerLength + elements * itemSize;
    if (elements > MAX_BYTES || needed > entrySize) {
      throw new StateDictException(
          file,
          key,
          "truncated: the header promises "
              + elements
              + " elements ("
              + needed
              + " bytes) but the entry has "
              + entrySize
              + " bytes");
    }
  }

  private static long product(Path file, String key, String[] tokens) {
    long product = 1;
    for (String token : tokens) {
      String t = token.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        long dim = Long.parseLong(t);
        if (dim < 0) {
          throw new NumberFormatException();
        }
        product = Math.multiplyExact(product, dim);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new StateDictException(file, key, "malformed shape dimension '" + t + "'");
      }
    }
    return product;
  }

  private static long itemSize(Path file, String key, String descr) {
    String digits = descr.replaceAll("^[<>|=]?[a-zA-Z]", "");
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new StateDictException(file, key, "unsupported dtype '" + descr + "'");
    }
  }

  /** The header's length and every tensor's offsets must lie inside the file. */
  private static void checkSafetensors(Path file, byte[] bytes) {
    if (bytes.length < 10) {
      throw new StateDictException(
          file, null, "expected a safetensors header but the file has " + bytes.length + " bytes");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength <= 0 || headerLength > bytes.length - 8) {
      throw new StateDictException(
          file,
          null,
          "truncated: the header claims "
              + headerLength
              + " bytes but the file has "
              + (bytes.length - 8)
              + " after the length");
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StateDictException(file, null, "malformed safetensors header: " + e.getMessage());
    }
    if (header == null || !header.isObject()) {
      throw new StateDictException(file, null, "expected a JSON object as safetensors header");
    }
    long dataBytes = bytes.length - 8 - headerLength;
    for (Map.Entry<String, JsonNode> field : header.properties()) {
      String key = field.getKey();
      if (key.equals("__metadata__")) {
        continue;
      }
      JsonNode offsets = field.getValue().path("data_offsets");
      JsonNode shape = field.getValue().path("shape");
      String dtype = field.getValue().path("dtype").asText("");
      if (!offsets.isArray() || offsets.size() != 2 || !shape.isArray()) {
        throw new StateDictException(
            file, key, "expected dtype, shape and data_offsets [begin, end]");
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      if (begin < 0 || end < begin || end > dataBytes) {
        throw new StateDictException(
            file,
            key,
            (end > dataBytes && begin <= end ? "truncated: " : "")
                + "data_offsets ["
                + begin
                + ", "
                + end
                + "] must lie within the data section of "
                + dataBytes
                + " bytes, begin <= end");
      }
      String[] dims = new String[shape.size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape.get(i).asText();
      }
      long itemSize =
          switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> throw new StateDictException(file, key, "unsupported dtype '" + dtype + "'");
          };
      long expected = product(file, key, dims) * itemSize;
      if (end - begin != expected) {
        throw new StateDictException(
            file,
            key,
            "its shape needs " + expected + " bytes but data_offsets span " + (end - begin));
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
