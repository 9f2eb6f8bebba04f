package org.torchparity.io;

import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the data of one {@link StrictZip} entry: a stored entry is a range of the archive, a
 * deflated one is inflated into exactly its declared size (which the limits have already admitted),
 * never more; both are checked against their CRC-32, as Python's {@code zipfile} does.
 */
final class ZipContents {
  /** An entry's uncompressed bytes: a range of the archive (stored) or a fresh array (deflated). */
  record Slice(byte[] bytes, int offset, int length) {}

  private ZipContents() {}

  /**
   * Returns a member's uncompressed bytes, verified against its CRC-32. A deflated member is
   * inflated into exactly its declared size: a stream that ends early, runs on, or leaves
   * compressed bytes unread is refused.
   */
  static Slice contents(Path file, byte[] zip, StrictZip.Member m) {
    Slice slice;
    if (m.method() == StrictZip.STORED) {
      slice = new Slice(zip, m.dataStart(), (int) m.size());
    } else {
      slice = new Slice(inflate(file, zip, m), 0, (int) m.size());
    }
    CRC32 crc = new CRC32();
    crc.update(slice.bytes(), slice.offset(), slice.length());
    if (crc.getValue() != m.crc()) {
      throw new StateDictException(
          file,
          m.name(),
          "the data's CRC-32 is "
              + Long.toHexString(crc.getValue())
              + " but the archive claims "
              + Long.toHexString(m.crc()));
    }
    return slice;
  }

  private static byte[] inflate(Path file, byte[] zip, StrictZip.Member m) {
    byte[] out = new byte[(int) m.size()];
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(zip, m.dataStart(), (int) m.compressedSize());
      int filled = 0;
      while (filled < out.length) {
        int n = inflater.inflate(out, filled, out.length - filled);
        if (n == 0) { // finished, out of input, or asking for a dictionary: no progress
          throw new StateDictException(
              file,
              m.name(),
              "the deflated data ends after "
                  + filled
                  + " bytes but the archive claims "
                  + m.size());
        }
        filled += n;
      }
      if (!inflater.finished() && inflater.inflate(new byte[1]) > 0) {
        throw new StateDictException(
            file,
            m.name(),
            "the deflated data runs past the " + m.size() + " bytes the archive claims");
      }
      if (!inflater.finished() || inflater.getRemaining() != 0) {
        throw new StateDictException(
            file,
            m.name(),
            "the deflate stream does not end exactly at the entry's end ("
                + inflater.getRemaining()
                + " compressed bytes left)");
      }
      return out;
    } catch (DataFormatException e) {
      throw new StateDictException(file, m.name(), "corrupt deflated data: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }
}
