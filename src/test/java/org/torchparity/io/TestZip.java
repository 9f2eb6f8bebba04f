package org.torchparity.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Assembles zip archives field by field, so that tests can make the local headers and the central
 * directory disagree in exactly one way. By default every entry gets a local header (with its data)
 * and a matching central directory record; each {@link Entry} field can then be changed for one
 * side only.
 */
final class TestZip {
  /** One entry: what its local header and its central record say, each changeable. */
  static final class Entry {
    String name;
    int method;
    int flags;
    long crc;
    long compressedSize;
    long size;
    byte[] data;
    boolean local = true;
    boolean central = true;
    byte[] before = new byte[0];
    byte[] descriptor = new byte[0];
    String centralName;
    Long centralSize;
    Long centralCompressedSize;
    Long centralOffset;
    Long localSize;

    Entry copy() {
      Entry e = new Entry();
      e.name = name;
      e.method = method;
      e.flags = flags;
      e.crc = crc;
      e.compressedSize = compressedSize;
      e.size = size;
      e.data = data;
      e.local = local;
      e.central = central;
      e.before = before;
      e.descriptor = descriptor;
      e.centralName = centralName;
      e.centralSize = centralSize;
      e.centralCompressedSize = centralCompressedSize;
      e.centralOffset = centralOffset;
      e.localSize = localSize;
      return e;
    }
  }

  final List<Entry> entries = new ArrayList<>();
  Integer count;
  byte[] beforeDirectory = new byte[0];
  byte[] comment = new byte[0];

  /** Adds a stored entry. */
  Entry stored(String name, byte[] contents) {
    Entry e = new Entry();
    e.name = name;
    e.data = contents;
    e.crc = crc(contents);
    e.size = contents.length;
    e.compressedSize = contents.length;
    entries.add(e);
    return e;
  }

  /** Adds a deflated entry. */
  Entry deflated(String name, byte[] contents) {
    Entry e = stored(name, contents);
    e.method = 8;
    e.data = deflate(contents);
    e.compressedSize = e.data.length;
    return e;
  }

  /** Adds an entry whose data is already compressed by {@code method}. */
  Entry raw(String name, int method, byte[] data, long crc, long size) {
    Entry e = new Entry();
    e.name = name;
    e.method = method;
    e.data = data;
    e.crc = crc;
    e.size = size;
    e.compressedSize = data.length;
    entries.add(e);
    return e;
  }

  byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream directory = new ByteArrayOutputStream();
    int records = 0;
    for (Entry e : entries) {
      out.writeBytes(e.before);
      long offset = out.size();
      if (e.local) {
        byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
        long localSize = e.localSize != null ? e.localSize : e.size;
        ByteBuffer b = le(30).putInt(0x04034b50).putShort((short) 20);
        b.putShort((short) e.flags).putShort((short) e.method).putInt(0);
        b.putInt((int) e.crc).putInt((int) e.compressedSize).putInt((int) localSize);
        b.putShort((short) name.length).putShort((short) 0);
        out.writeBytes(b.array());
        out.writeBytes(name);
        out.writeBytes(e.data);
        out.writeBytes(e.descriptor);
      }
      if (e.central) {
        byte[] name =
            (e.centralName != null ? e.centralName : e.name).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = le(46).putInt(0x02014b50).putShort((short) 20).putShort((short) 20);
        b.putShort((short) e.flags).putShort((short) e.method).putInt(0).putInt((int) e.crc);
        b.putInt(
            (int) (e.centralCompressedSize != null ? e.centralCompressedSize : e.compressedSize));
        b.putInt((int) (e.centralSize != null ? e.centralSize : e.size));
        b.putShort((short) name.length).putShort((short) 0).putShort((short) 0);
        b.putShort((short) 0).putShort((short) 0).putInt(0);
        b.putInt((int) (e.centralOffset != null ? e.centralOffset : offset));
        directory.writeBytes(b.array());
        directory.writeBytes(name);
        records++;
      }
    }
    out.writeBytes(beforeDirectory);
    int cdOffset = out.size();
    out.writeBytes(directory.toByteArray());
    int n = count != null ? count : records;
    ByteBuffer end = le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) n).putShort((short) n).putInt(directory.size()).putInt(cdOffset);
    out.writeBytes(end.putShort((short) comment.length).array());
    out.writeBytes(comment);
    return out.toByteArray();
  }

  static ByteBuffer le(int length) {
    return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
  }

  static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  static byte[] deflate(byte[] contents) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    deflater.setInput(contents);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }
}
