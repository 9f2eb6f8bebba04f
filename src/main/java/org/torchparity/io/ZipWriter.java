package org.torchparity.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Writes a zip archive of stored (uncompressed) entries in memory, as {@code np.savez} and {@code
 * torch.save} do: sizes and CRC-32 in the local headers (no data descriptors), a fixed 1980-01-01
 * timestamp so the output is reproducible, no zip64. With an alignment above 1 each local header
 * carries an extra field (id {@code 0x4246}, "FB", as PyTorch's writer uses) padded so that the
 * entry's data starts at a multiple of the alignment, which is what lets PyTorch map tensors in
 * place. {@link StrictZip} reads back exactly what this writes.
 */
final class ZipWriter {
  private static final int VERSION = 20;
  private static final int PADDING_FIELD = 0x4246;

  /** 1980-01-01 00:00, the earliest DOS date: a fixed stamp keeps the output reproducible. */
  private static final int DOS_DATE = (1 << 5) | 1;

  private final Path file;
  private final int alignment;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream directory = new ByteArrayOutputStream();
  private int count;

  /**
   * Starts an archive.
   *
   * @param file the destination, for messages
   * @param alignment where entry data must start: 1 for anywhere, 64 for PyTorch
   */
  ZipWriter(Path file, int alignment) {
    this.file = file;
    this.alignment = alignment;
  }

  /** Appends one stored entry holding {@code length} bytes of {@code data} from {@code offset}. */
  void add(String entry, byte[] data, int offset, int length) {
    byte[] name = entry.getBytes(StandardCharsets.UTF_8);
    boolean ascii = name.length == entry.length();
    CRC32 crc = new CRC32();
    crc.update(data, offset, length);
    int flags = ascii ? 0 : 0x800;
    long at = out.size();
    int extra = 0;
    if (alignment > 1) {
      long unpadded = at + 30 + name.length + 4;
      extra = 4 + (int) ((alignment - unpadded % alignment) % alignment);
    }
    long end = at + 30 + name.length + extra + (long) length;
    if (name.length > 0xffff
        || count == 0xffff
        || end + directory.size() + 46L * (count + 1) + name.length + 22
            > WeightLimits.ARRAY_LIMIT) {
      throw new StateDictException(
          file, entry, "too large for a zip archive without zip64 extensions, written in memory");
    }
    ByteBuffer local = header(30 + name.length + extra);
    local.putInt(0x04034b50).putShort((short) VERSION);
    common(local, flags, crc.getValue(), length, name.length, extra);
    local.put(name);
    if (extra > 0) {
      local.putShort((short) PADDING_FIELD).putShort((short) (extra - 4));
      while (local.hasRemaining()) {
        local.put((byte) 'Z');
      }
    }
    out.writeBytes(local.array());
    out.write(data, offset, length);
    ByteBuffer central = header(46 + name.length);
    central.putInt(0x02014b50).putShort((short) VERSION).putShort((short) VERSION);
    common(central, flags, crc.getValue(), length, name.length, 0);
    central.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0);
    directory.writeBytes(central.putInt((int) at).put(name).array());
    count++;
  }

  /** Appends the central directory and the end record, and returns the whole archive. */
  byte[] finish() {
    ByteBuffer end = header(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) count).putShort((short) count);
    end.putInt(directory.size()).putInt(out.size()).putShort((short) 0);
    out.writeBytes(directory.toByteArray());
    out.writeBytes(end.array());
    return out.toByteArray();
  }

  private static ByteBuffer header(int length) {
    return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The fields local and central headers share, from the flags to the extra field's length. */
  private static void common(
      ByteBuffer b, int flags, long crc, int size, int nameLength, int extraLength) {
    b.putShort((short) flags).putShort((short) StrictZip.STORED);
    b.putShort((short) 0).putShort((short) DOS_DATE);
    b.putInt((int) crc).putInt(size).putInt(size);
    b.putShort((short) nameLength).putShort((short) extraLength);
  }
}
