package org.torchparity.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The bytes of a pickle, read opcode argument by opcode argument for {@link TorchUnpickler}: every
 * read first checks that the bytes are there, a length claim is checked against {@link
 * WeightLimits#maxStringBytes()} before anything of that length is allocated, and strings must be
 * valid UTF-8. Refusals name the file, the entry and the offset of the opcode being read.
 */
final class PickleBytes {
  private final Path file;
  private final String entry;
  private final byte[] b;
  private final int start;
  private final int end;
  private final WeightLimits limits;
  private int pos;
  private int op;

  PickleBytes(Path file, String entry, byte[] b, int start, int length, WeightLimits limits) {
    this.file = file;
    this.entry = entry;
    this.b = b;
    this.start = start;
    this.end = start + length;
    this.limits = limits;
    this.pos = start;
  }

  /** Notes where the next opcode starts, and tells whether the bytes have run out before it. */
  boolean startOpcode() {
    op = pos;
    return pos == end;
  }

  /** The bytes not read yet. */
  int remaining() {
    return end - pos;
  }

  void need(long n, String what) {
    if (n < 0 || n > end - pos) {
      throw refuse("truncated: " + what + " needs " + n + " bytes but " + (end - pos) + " remain");
    }
  }

  int u8() {
    need(1, "the opcode");
    return b[pos++] & 0xff;
  }

  int u16() {
    need(2, "the argument");
    int v = (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  int i32() {
    need(4, "the argument");
    int v = u16();
    return v | u16() << 16;
  }

  long u32() {
    return i32() & 0xffffffffL;
  }

  long i64(String what) {
    long low = u32();
    long value = low | u32() << 32;
    if (value < 0) {
      throw refuse("a " + what + " of " + Long.toUnsignedString(value) + " bytes");
    }
    return value;
  }

  long bigEndianLong() {
    need(8, "BINFLOAT");
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[pos++] & 0xff);
    }
    return v;
  }

  Object long1() {
    int n = u8();
    need(n, "LONG1");
    byte[] bigEndian = new byte[Math.max(n, 1)];
    for (int i = 0; i < n; i++) {
      bigEndian[n - 1 - i] = b[pos + i];
    }
    pos += n;
    BigInteger value = new BigInteger(bigEndian);
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  void skip(long n) {
    need(n, "FRAME");
  }

  byte[] raw(long length) {
    checkLength(length);
    byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) length);
    pos += (int) length;
    return out;
  }

  void checkLength(long length) {
    if (length > limits.maxStringBytes()) {
      throw limit("a string of " + length + " bytes", limits.maxStringBytes(), "maxStringBytes");
    }
    need(length, "the string");
  }

  String text(long length) {
    checkLength(length);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(b, pos, (int) length))
              .toString();
      pos += (int) length;
      return s;
    } catch (CharacterCodingException e) {
      throw refuse("a string of " + length + " bytes is not valid UTF-8");
    }
  }

  /** One newline-terminated line of a {@code GLOBAL}, within the string limit. */
  String line(String what) {
    int limit = (int) Math.min(end, pos + (long) limits.maxStringBytes() + 1);
    for (int i = pos; i < limit; i++) {
      if (b[i] == '\n') {
        String text = text(i - pos);
        pos++;
        return text;
      }
    }
    if (limit < end) {
      throw limit(
          "GLOBAL's " + what + " of more than " + limits.maxStringBytes() + " bytes",
          limits.maxStringBytes(),
          "maxStringBytes");
    }
    throw refuse("truncated: GLOBAL's " + what + " has no newline before the pickle ends");
  }

  StateDictException limit(String what, long limit, String name) {
    return limits.pickleLimit(file, entry, what, limit, name, op - start);
  }

  StateDictException refuse(String problem) {
    return new StateDictException(
        file, entry, problem + " (at byte " + (op - start) + " of the pickle)");
  }
}
