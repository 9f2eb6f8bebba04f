package org.torchparity.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.torchparity.spec.Tensor;

/**
 * NumPy's {@code .npz}: a zip archive of {@code <key>.npy} entries. Reading goes through {@link
 * StrictZip} and {@link NpyFormat}, over the file's bytes in memory; keys are the entry names as
 * written, without {@code .npy} (so {@code np.savez(a, b)} gives {@code arr_0}, {@code arr_1}).
 * Writing produces what {@code np.savez} does: stored (uncompressed) entries, one per tensor.
 */
final class NpzFormat {
  private static final int VERSION = 20;

  /** 1980-01-01 00:00, the earliest DOS date: a fixed stamp keeps the output reproducible. */
  private static final int DOS_DATE = (1 << 5) | 1;

  private NpzFormat() {}

  static Map<String, StateDictFile.Entry> read(Path file, byte[] zip, WeightLimits limits) {
    List<StrictZip.Member> members = StrictZip.members(file, zip, limits);
    Map<String, StateDictFile.Entry> result = new LinkedHashMap<>();
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

  static byte[] write(Path file, Map<String, Tensor> tensors) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream directory = new ByteArrayOutputStream();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      byte[] name = (e.getKey() + ".npy").getBytes(StandardCharsets.UTF_8);
      boolean ascii = name.length == e.getKey().length() + 4;
      byte[] data = NpyFormat.write(e.getValue());
      CRC32 crc = new CRC32();
      crc.update(data);
      int flags = ascii ? 0 : 0x800;
      if (name.length > 0xffff || offset + 30 + name.length + data.length > 0xffffffffL) {
        throw new StateDictException(
            file, e.getKey(), "too large for a zip archive without zip64 extensions");
      }
      ByteBuffer local = header(30 + name.length);
      local.putInt(0x04034b50).putShort((short) VERSION);
      common(local, flags, crc.getValue(), data.length, name.length);
      out.writeBytes(local.put(name).array());
      out.writeBytes(data);
      ByteBuffer central = header(46 + name.length);
      central.putInt(0x02014b50).putShort((short) VERSION).putShort((short) VERSION);
      common(central, flags, crc.getValue(), data.length, name.length);
      central.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0);
      directory.writeBytes(central.putInt((int) offset).put(name).array());
      offset += 30 + name.length + data.length;
    }
    if (tensors.size() > 0xffff) {
      throw new StateDictException(file, null, "more than 65,535 tensors need zip64 extensions");
    }
    ByteBuffer end = header(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) tensors.size()).putShort((short) tensors.size());
    end.putInt(directory.size()).putInt((int) offset).putShort((short) 0);
    out.writeBytes(directory.toByteArray());
    out.writeBytes(end.array());
    return out.toByteArray();
  }

  private static ByteBuffer header(int length) {
    return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The fields local and central headers share, from the flags to the extra field's length. */
  private static void common(ByteBuffer b, int flags, long crc, int size, int nameLength) {
    b.putShort((short) flags).putShort((short) StrictZip.STORED);
    b.putShort((short) 0).putShort((short) DOS_DATE);
    b.putInt((int) crc).putInt(size).putInt(size);
    b.putShort((short) nameLength).putShort((short) 0);
  }
}
