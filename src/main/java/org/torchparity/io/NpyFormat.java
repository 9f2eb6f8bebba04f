package org.torchparity.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .npy} array, read from exactly the bytes of its entry and written as numpy writes it.
 * The layout: the magic {@code \x93NUMPY}, a version (1.0, 2.0 or 3.0), the header length (2 bytes
 * in 1.0, 4 after), the header dict (Latin-1, UTF-8 in 3.0) and the raw data, whose length must be
 * exactly what the header's shape and dtype claim.
 *
 * <p>Byte orders: {@code <} little, {@code >} big (decoded as such, as numpy does), {@code |} and
 * {@code =} (and no character) native, which is what numpy does with them on the reading machine.
 */
final class NpyFormat {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
  private static final int ALIGN = 64;

  /** What a header declares, and where its data starts (relative to the entry). */
  record Header(
      String descr,
      StoredDType dtype,
      ByteOrder order,
      boolean fortran,
      long[] shape,
      int dataStart) {}

  private NpyFormat() {}

  /**
   * Reads the array an entry holds.
   *
   * @param file the file, for messages
   * @param key the entry's key, for messages
   * @param bytes holds the entry
   * @param start where the entry starts in {@code bytes}
   * @param length the entry's length
   * @param limits the limits
   * @return the entry's tensor in the file's dtype
   */
  static StoredTensor read(
      Path file, String key, byte[] bytes, int start, int length, WeightLimits limits) {
    Header header = header(file, key, bytes, start, length, limits);
    long needed = TensorBytes.byteCount(file, key, header.shape(), header.dtype());
    long held = length - header.dataStart();
    if (needed != held) {
      throw new StateDictException(
          file,
          key,
          (needed > held ? "truncated: " : "")
              + "the header claims shape "
              + shape(header.shape())
              + " of '"
              + header.descr()
              + "', "
              + needed
              + " bytes of data, but the entry holds "
              + held
              + " bytes after its header");
    }
    return TensorBytes.stored(
        file,
        key,
        header.dtype(),
        header.order(),
        header.shape(),
        header.fortran(),
        bytes,
        start + header.dataStart());
  }

  /** Parses and checks the magic, version and header dict of an entry. */
  static Header header(
      Path file, String key, byte[] bytes, int start, int length, WeightLimits limits) {
    if (length < 10 || !Arrays.equals(bytes, start, start + 6, MAGIC, 0, 6)) {
      throw new StateDictException(
          file, key, "expected a .npy header (\\x93NUMPY) but the entry starts otherwise");
    }
    int major = bytes[start + 6];
    int minor = bytes[start + 7];
    if (major < 1 || major > 3 || minor != 0) {
      throw new StateDictException(
          file,
          key,
          "expected .npy format version 1.0, 2.0 or 3.0 but the entry says "
              + (major & 0xff)
              + "."
              + (minor & 0xff));
    }
    int prefix = major == 1 ? 10 : 12;
    if (length < prefix) {
      throw new StateDictException(file, key, "truncated: the .npy entry ends in its prefix");
    }
    ByteBuffer lengths =
        ByteBuffer.wrap(bytes, start + 8, prefix - 8).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = major == 1 ? lengths.getShort() & 0xffff : lengths.getInt() & 0xffffffffL;
    if (headerLength > length - prefix) {
      throw new StateDictException(
          file,
          key,
          "truncated: its header claims "
              + headerLength
              + " bytes but the entry has "
              + (length - prefix)
              + " after the prefix");
    }
    limits.checkNpyHeaderBytes(file, key, headerLength);
    String text = decode(file, key, bytes, start + prefix, (int) headerLength, major == 3);
    Map<String, Object> dict = PyLiteralDict.parse(file, key, text, limits.maxRank());
    if (!dict.keySet().equals(KEYS)) {
      throw new StateDictException(
          file,
          key,
          "expected the header keys descr, fortran_order and shape but found "
              + dict.keySet()
              + " in "
              + PyLiteralDict.quote(text));
    }
    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shape = dict.get("shape");
    if (!(descr instanceof String d)
        || !(fortran instanceof Boolean f)
        || !(shape instanceof long[] s)) {
      throw new StateDictException(
          file,
          key,
          "expected descr a string, fortran_order True or False and shape a tuple of ints in "
              + PyLiteralDict.quote(text));
    }
    limits.checkRank(file, key, s.length);
    StoredDType dtype = dtype(file, key, d);
    return new Header(d, dtype, order(d, dtype), f, s, prefix + (int) headerLength);
  }

  private static String decode(
      Path file, String key, byte[] bytes, int from, int length, boolean utf8) {
    if (!utf8) {
      return new String(bytes, from, length, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new StateDictException(file, key, "the version 3.0 header is not valid UTF-8");
    }
  }

  /** Parses a plain {@code descr}: an optional byte order, a kind letter and a size. */
  private static StoredDType dtype(Path file, String key, String descr) {
    String code =
        descr.isEmpty() || "<>|=".indexOf(descr.charAt(0)) < 0 ? descr : descr.substring(1);
    StoredDType dtype = StoredDType.ofNpyCode(code);
    if (dtype == null) {
      throw new StateDictException(
          file,
          key,
          "unsupported dtype descr '"
              + descr
              + "' (expected a byte order <, >, | or = and one of b1, u1, i1, u2, i2, u4, i4, u8,"
              + " i8, f2, f4, f8)");
    }
    return dtype;
  }

  private static ByteOrder order(String descr, StoredDType dtype) {
    char c = descr.charAt(0);
    if (dtype.itemSize() == 1 || c == '|' || c == '=' || Character.isLetter(c)) {
      return ByteOrder.nativeOrder();
    }
    return c == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  /** A shape as Python prints a tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
  static String shape(long[] shape) {
    if (shape.length == 1) {
      return "(" + shape[0] + ",)";
    }
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      out.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    return out.append(')').toString();
  }

  /**
   * Writes a tensor as numpy's {@code np.save} does: little-endian, C order, the header padded with
   * spaces and a newline so the data starts at a multiple of 64 bytes; version 1.0 unless the
   * header needs more than 65,535 bytes. A dtype numpy has no name for (bfloat16, float8) is
   * refused.
   */
  static byte[] write(Path file, String key, StoredTensor tensor) {
    long[] dims = Arrays.stream(tensor.shape()).asLongStream().toArray();
    String code = tensor.storedDType().npyCode();
    if (code == null) {
      throw new StateDictException(
          file,
          key,
          "numpy has no "
              + tensor.dtype()
              + " dtype, so a .npz cannot hold it; convert to .safetensors or .pt instead");
    }
    String dict =
        "{'descr': '<" + code + "', 'fortran_order': False, 'shape': " + shape(dims) + ", }";
    int prefix = 10;
    int pad = ALIGN - (dict.length() + 1 + prefix) % ALIGN; // numpy's formula: 1 to 64 spaces
    if (prefix == 10 && dict.length() + 1 + pad > 65_535) {
      prefix = 12;
      pad = ALIGN - (dict.length() + 1 + prefix) % ALIGN;
    }
    byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    long total = (long) prefix + header.length + tensor.byteSize();
    if (total > WeightLimits.ARRAY_LIMIT) {
      throw new StateDictException(
          null, null, "a .npy entry of " + total + " bytes is too large to write in one array");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) (prefix == 10 ? 1 : 2)).put((byte) 0);
    if (prefix == 10) {
      out.putShort((short) header.length);
    } else {
      out.putInt(header.length);
    }
    return out.put(header).put(tensor.array(), tensor.offset(), (int) tensor.byteSize()).array();
  }
}
