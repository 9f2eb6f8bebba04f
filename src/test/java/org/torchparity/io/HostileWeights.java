package org.torchparity.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builders for the small hostile weight files of the tests and the fuzzer. */
final class HostileWeights {
  private HostileWeights() {}

  /** A {@code .npy} header dict as numpy writes it. */
  static String dict(String descr, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  }

  /** A version 1.0 {@code .npy} entry: magic, the dict padded as numpy pads it, the data. */
  static byte[] npy(String dict, byte[] data) {
    int pad = 64 - (dict.length() + 1 + 10) % 64;
    byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer b = TestZip.le(10 + header.length + data.length);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length);
    return b.put(header).put(data).array();
  }

  static byte[] floats(ByteOrder order, float... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  /** A safetensors file: the JSON header (padded to 8 bytes with spaces) and the data. */
  static byte[] safetensors(String json, byte[] data) {
    byte[] header = json.getBytes(StandardCharsets.UTF_8);
    int pad = (8 - header.length % 8) % 8;
    ByteBuffer b = TestZip.le(8 + header.length + pad + data.length);
    b.putLong(header.length + pad).put(header);
    b.put(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
    return b.put(data).array();
  }

  /** A deflated entry: the compressed stream, the CRC-32 and the size of what it inflates to. */
  record Deflated(byte[] data, long crc, long size) {}

  /**
   * A float32 {@code .npy} of {@code dataBytes} zero bytes (a multiple of 1 MiB), deflated (about
   * 1,000 to 1: 1 GiB of weights in about 1 MB). Built in seconds without a GiB of memory: one MiB
   * of zeros is deflated once, ending in a full flush (which makes the blocks independent of what
   * precedes them), and those blocks are repeated.
   */
  static Deflated deflatedZeros(long dataBytes) {
    byte[] header = npy(dict("<f4", "(" + dataBytes / 4 + ",)"), new byte[0]);
    byte[] zeros = new byte[1 << 20];
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    byte[] head = flushed(deflater, header);
    byte[] block = flushed(deflater, zeros);
    deflater.finish();
    byte[] tail = flushed(deflater, new byte[0]);
    deflater.end();
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    CRC32 crc = new CRC32();
    crc.update(header);
    compressed.writeBytes(head);
    for (long n = 0; n < dataBytes / zeros.length; n++) {
      compressed.writeBytes(block);
      crc.update(zeros);
    }
    compressed.writeBytes(tail);
    return new Deflated(compressed.toByteArray(), crc.getValue(), header.length + dataBytes);
  }

  private static byte[] flushed(Deflater deflater, byte[] input) {
    deflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    int n;
    do {
      n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
      out.write(buffer, 0, n);
    } while (n == buffer.length || !deflater.needsInput());
    return out.toByteArray();
  }

  /** An archive of one deflated entry {@code weight.npy} that claims {@code size} bytes. */
  static byte[] npzOf(Deflated entry, long size) {
    TestZip zip = new TestZip();
    zip.raw("weight.npy", 8, entry.data(), entry.crc(), size);
    return zip.build();
  }
}
