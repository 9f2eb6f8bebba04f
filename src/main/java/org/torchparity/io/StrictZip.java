package org.torchparity.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A strict reader of the zip archives {@code np.savez} and {@code torch.save} write, over the
 * file's bytes in memory. The central directory (what {@code ZipFile} and Python's {@code zipfile}
 * read) and the chain of local headers (what a streaming reader such as {@code ZipInputStream}
 * reads) must describe the same entries, in the same order, with the same names, flags, methods,
 * checksums, sizes and offsets, and together with the end records they must cover every byte of the
 * file: an entry only one of them lists, an entry at an offset the other disagrees with, or bytes
 * outside every entry are refused. Only stored and deflated entries are listed; {@link ZipContents}
 * reads them.
 */
final class StrictZip {
  static final int STORED = 0;
  static final int DEFLATED = 8;
  private static final int LOCAL = 0x04034b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int END64 = 0x06064b50;
  private static final int LOCATOR64 = 0x07064b50;
  private static final int DESCRIPTOR = 0x08074b50;
  private static final long MAX32 = 0xffffffffL;

  /** Bits 1-2 (deflate level), 3 (data descriptor) and 11 (UTF-8 names). */
  private static final int KNOWN_FLAGS = 0x080e;

  /** One entry, as both directories agree it is. */
  record Member(
      String name,
      int method,
      int flags,
      long crc,
      long compressedSize,
      long size,
      int dataStart) {}

  private final Path file;
  private final byte[] zip;
  private final WeightLimits limits;

  private StrictZip(Path file, byte[] zip, WeightLimits limits) {
    this.file = file;
    this.zip = zip;
    this.limits = limits;
  }

  /**
   * Lists an archive's entries after checking both directories against each other and the limits
   * (entry count, total uncompressed bytes, compression ratio) against their claims.
   *
   * @param file the file, for messages
   * @param zip the whole file
   * @param limits the limits
   * @return the entries, in file order
   */
  static List<Member> members(Path file, byte[] zip, WeightLimits limits) {
    return new StrictZip(file, zip, limits).members();
  }

  private List<Member> members() {
    int end = findEnd();
    long count = u16(end + 10);
    long cdSize = u32(end + 12);
    long cdOffset = u32(end + 16);
    int cdEnd = end;
    if (u16(end + 4) != 0 || u16(end + 6) != 0 || u16(end + 8) != count) {
      throw refuse(null, "a multi-disk zip archive is not supported");
    }
    if (end >= 20 && u32(end - 20) == LOCATOR64) {
      int locator = end - 20;
      long at = u64(locator + 8);
      if (u32(locator + 4) != 0 || u32(locator + 16) > 1 || at < 0 || at > locator - 56) {
        throw refuse(null, "the zip64 end locator points to " + at + ", outside the archive");
      }
      int z64 = (int) at;
      if (u32(z64) != END64 || u64(z64 + 4) != locator - z64 - 12L) {
        throw refuse(null, "no zip64 end record of the claimed size at offset " + z64);
      }
      long count64 = u64(z64 + 32);
      if (u32(z64 + 16) != 0 || u32(z64 + 20) != 0 || u64(z64 + 24) != count64) {
        throw refuse(null, "a multi-disk zip archive is not supported");
      }
      count = agree(count, 0xffff, count64, "entry count");
      cdSize = agree(cdSize, MAX32, u64(z64 + 40), "central directory size");
      cdOffset = agree(cdOffset, MAX32, u64(z64 + 48), "central directory offset");
      cdEnd = z64;
    }
    limits.checkEntries(file, null, count);
    if (cdOffset < 0 || cdOffset > cdEnd || cdSize != cdEnd - cdOffset) {
      throw refuse(
          null,
          "the end record claims a central directory of "
              + cdSize
              + " bytes at offset "
              + cdOffset
              + " but the directory must end where the end records start, at "
              + cdEnd);
    }
    List<Member> central = central((int) cdOffset, cdEnd, (int) count);
    walkLocalHeaders(central, (int) cdOffset);
    return central;
  }

  private long agree(long small, long escape, long large, String what) {
    if (small != escape && small != large) {
      throw refuse(
          null,
          "the end record's " + what + " " + small + " disagrees with the zip64 record's " + large);
    }
    return large;
  }

  private int findEnd() {
    int n = zip.length;
    if (n < 22) {
      throw refuse(null, "not a zip archive: " + n + " bytes, fewer than a zip's end record");
    }
    int found = -1;
    for (int i = n - 22; i >= Math.max(0, n - 22 - 0xffff); i--) {
      if (u32(i) == END && i + 22 + u16(i + 20) == n) {
        if (found >= 0) {
          throw refuse(
              null, "ambiguous zip archive: end records at offsets " + i + " and " + found);
        }
        found = i;
      }
    }
    if (found < 0) {
      throw refuse(null, "not a zip archive: no end-of-central-directory record");
    }
    if (found + 22 != n) {
      throw refuse(
          null, "a zip comment of " + (n - found - 22) + " bytes lies outside every entry");
    }
    return found;
  }

  private List<Member> central(int at, int cdEnd, int count) {
    List<Member> members = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long total = 0;
    for (int k = 0; k < count; k++) {
      if (at + 46 > cdEnd || u32(at) != CENTRAL) {
        throw refuse(
            null,
            "the end record claims "
                + count
                + " entries but the central directory holds "
                + k
                + " before offset "
                + at);
      }
      int flags = u16(at + 8);
      int method = u16(at + 10);
      long crc = u32(at + 16);
      long compressed = u32(at + 20);
      long size = u32(at + 24);
      int nameLength = u16(at + 28);
      int extraLength = u16(at + 30);
      int commentLength = u16(at + 32);
      int disk = u16(at + 34);
      long offset = u32(at + 42);
      int next = at + 46 + nameLength + extraLength + commentLength;
      if (next > cdEnd) {
        throw refuse(null, "the central directory entry at offset " + at + " runs past its end");
      }
      String name = name(at + 46, nameLength, flags);
      if (commentLength != 0) {
        throw refuse(
            name, "an entry comment of " + commentLength + " bytes lies outside the entry");
      }
      int extra = at + 46 + nameLength;
      long[] z64 = zip64(name, extra, extraLength, 0);
      if (z64 != null) {
        int i = 0;
        size = size == MAX32 ? need(z64, i++, name) : size;
        compressed = compressed == MAX32 ? need(z64, i++, name) : compressed;
        offset = offset == MAX32 ? need(z64, i++, name) : offset;
        disk = disk == 0xffff ? (int) need(z64, i, name) : disk;
      }
      if (disk != 0) {
        throw refuse(name, "a multi-disk zip archive is not supported");
      }
      if ((flags & ~KNOWN_FLAGS) != 0) {
        throw refuse(
            name,
            "unsupported zip flags 0x"
                + Integer.toHexString(flags)
                + ((flags & 0x41) != 0 ? " (the entry is encrypted)" : ""));
      }
      if (method != STORED && method != DEFLATED) {
        throw refuse(name, "compression method " + method + " is not supported (stored, deflated)");
      }
      if (method == STORED && compressed != size) {
        throw refuse(
            name,
            "a stored entry claims " + compressed + " bytes stored for " + size + " bytes of data");
      }
      if (!names.add(name)) {
        throw refuse(name, "the archive holds this entry twice");
      }
      total = limits.addTotalBytes(file, name, total, size);
      if (size > WeightLimits.ARRAY_LIMIT) {
        throw refuse(name, "the entry claims " + size + " bytes, more than a Java array holds");
      }
      if (method == DEFLATED) {
        limits.checkCompressionRatio(file, name, size, compressed);
      }
      if (offset > zip.length || compressed > zip.length) {
        throw refuse(
            name,
            "the central directory claims "
                + compressed
                + " bytes at offset "
                + offset
                + " in a file of "
                + zip.length);
      }
      members.add(new Member(name, method, flags, crc, compressed, size, (int) offset));
      at = next;
    }
    if (at != cdEnd) {
      throw refuse(
          null,
          (cdEnd - at)
              + " bytes of the central directory follow its "
              + count
              + " entries (a directory entry the end record does not count)");
    }
    return members;
  }

  /**
   * Follows the local headers from offset 0: each must sit where the central directory says, agree
   * with it, and end (after its data and descriptor) where the next one begins.
   */
  private void walkLocalHeaders(List<Member> central, int cdOffset) {
    int at = 0;
    for (int k = 0; k < central.size(); k++) {
      Member c = central.get(k);
      int claimed = c.dataStart(); // the central directory's local header offset, for now
      if (claimed != at) {
        throw refuse(c.name(), outsideEntries(at, claimed, "the central directory puts it at"));
      }
      if (at + 30 > cdOffset || u32(at) != LOCAL) {
        throw refuse(c.name(), "no local header at offset " + at + ", where the directory puts it");
      }
      int flags = u16(at + 6);
      int method = u16(at + 8);
      int nameLength = u16(at + 26);
      int extraLength = u16(at + 28);
      int data = at + 30 + nameLength + extraLength;
      if (data > cdOffset) {
        throw refuse(c.name(), "the local header at offset " + at + " runs into the directory");
      }
      String name = name(at + 30, nameLength, flags);
      if (!name.equals(c.name()) || flags != c.flags() || method != c.method()) {
        throw refuse(
            c.name(),
            "the local header at offset "
                + at
                + " says '"
                + name
                + "', flags 0x"
                + Integer.toHexString(flags)
                + ", method "
                + method
                + " but the central directory says flags 0x"
                + Integer.toHexString(c.flags())
                + ", method "
                + c.method());
      }
      boolean descriptor = (flags & 0x08) != 0;
      long[] z64 = zip64(name, at + 30 + nameLength, extraLength, 16);
      localField(c, "CRC-32", u32(at + 14), c.crc(), descriptor, false);
      localField(c, "compressed size", u32(at + 18), c.compressedSize(), descriptor, z64 != null);
      localField(c, "size", u32(at + 22), c.size(), descriptor, z64 != null);
      if (z64 != null) {
        localField(c, "zip64 size", z64[0], c.size(), descriptor, false);
        localField(c, "zip64 compressed size", z64[1], c.compressedSize(), descriptor, false);
      }
      long dataEnd = data + c.compressedSize();
      if (dataEnd > cdOffset) {
        throw refuse(
            c.name(),
            "truncated: the entry claims "
                + c.compressedSize()
                + " bytes at offset "
                + data
                + " but the central directory starts at "
                + cdOffset);
      }
      at = (int) dataEnd + (descriptor ? descriptor(c, (int) dataEnd, z64 != null, cdOffset) : 0);
      central.set(
          k, new Member(c.name(), method, flags, c.crc(), c.compressedSize(), c.size(), data));
    }
    if (at != cdOffset) {
      throw refuse(null, outsideEntries(at, cdOffset, "the central directory starts at"));
    }
  }

  private String outsideEntries(int at, long next, String what) {
    if (next < at) {
      return what + " offset " + next + ", inside the previous entry, which ends at " + at;
    }
    String local = "";
    if (at + 30 <= zip.length && u32(at) == LOCAL && at + 30 + u16(at + 26) <= zip.length) {
      local =
          " (a local header for '"
              + new String(zip, at + 30, u16(at + 26), StandardCharsets.ISO_8859_1)
              + "' that the central directory does not list)";
    }
    return (next - at)
        + " bytes at offset "
        + at
        + " belong to no entry"
        + local
        + ": "
        + what
        + " offset "
        + next;
  }

  /** A local header field must equal the directory's, or be 0 when a descriptor follows. */
  private void localField(
      Member c, String what, long local, long central, boolean descriptor, boolean escaped) {
    if (local == central || (descriptor && local == 0) || (escaped && local == MAX32)) {
      return;
    }
    throw refuse(
        c.name(),
        "the local header's "
            + what
            + " "
            + local
            + " disagrees with the central directory's "
            + central);
  }

  /** Checks the data descriptor after an entry's data and returns its length. */
  private int descriptor(Member c, int at, boolean zip64, int limit) {
    int sizeLength = zip64 ? 8 : 4;
    if (matches(c, at + 4, sizeLength, limit) && u32(at) == DESCRIPTOR) {
      return 4 + 4 + 2 * sizeLength;
    }
    if (matches(c, at, sizeLength, limit)) {
      return 4 + 2 * sizeLength;
    }
    throw refuse(
        c.name(), "the data descriptor at offset " + at + " disagrees with the central directory");
  }

  private boolean matches(Member c, int at, int sizeLength, int limit) {
    if (at + 4 + 2 * sizeLength > limit) {
      return false;
    }
    long compressed = sizeLength == 8 ? u64(at + 4) : u32(at + 4);
    long size = sizeLength == 8 ? u64(at + 12) : u32(at + 8);
    return u32(at) == c.crc() && compressed == c.compressedSize() && size == c.size();
  }

  /**
   * Finds the zip64 extra field (id 1) among an entry's extra fields, every one of which must fit.
   *
   * @param minLength the fewest bytes the zip64 field must hold (local headers hold both sizes)
   * @return its 8-byte values, or {@code null} when absent
   */
  private long[] zip64(String name, int at, int length, int minLength) {
    long[] result = null;
    int end = at + length;
    while (at < end) {
      if (at + 4 > end || at + 4 + u16(at + 2) > end) {
        throw refuse(name, "a malformed extra field at offset " + at);
      }
      int id = u16(at);
      int size = u16(at + 2);
      if (id == 1) {
        if (result != null || size < minLength) {
          throw refuse(name, "a malformed or repeated zip64 extra field at offset " + at);
        }
        result = new long[(size + 7) / 8];
        for (int i = 0; i * 8 < size; i++) {
          result[i] = size - i * 8 >= 8 ? u64(at + 4 + i * 8) : u32(at + 4 + i * 8);
        }
      }
      at += 4 + size;
    }
    return result;
  }

  private long need(long[] z64, int index, String name) {
    if (index >= z64.length) {
      throw refuse(name, "the zip64 extra field lacks a value its header escapes");
    }
    return z64[index];
  }

  private String name(int at, int length, int flags) {
    if ((flags & 0x800) != 0) {
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(zip, at, length))
            .toString();
      } catch (CharacterCodingException e) {
        throw refuse(null, "an entry name at offset " + at + " is flagged UTF-8 but is not");
      }
    }
    for (int i = at; i < at + length; i++) {
      if (zip[i] < 0x20) {
        throw refuse(null, "an entry name at offset " + at + " holds control or non-ASCII bytes");
      }
    }
    return new String(zip, at, length, StandardCharsets.US_ASCII);
  }

  private StateDictException refuse(String entry, String problem) {
    return new StateDictException(file, entry, problem);
  }

  private int u16(int at) {
    check(at, 2);
    return (zip[at] & 0xff) | (zip[at + 1] & 0xff) << 8;
  }

  private long u32(int at) {
    check(at, 4);
    return (u16(at) | (long) u16(at + 2) << 16) & MAX32;
  }

  private long u64(int at) {
    check(at, 8);
    long value = u32(at) | u32(at + 4) << 32;
    return value < 0 ? Long.MAX_VALUE : value; // over 2^63: as far out of range as any
  }

  private void check(int at, int length) {
    if (at < 0 || at > zip.length - length) {
      throw refuse(null, "truncated zip archive: a record at offset " + at + " runs past its end");
    }
  }
}
