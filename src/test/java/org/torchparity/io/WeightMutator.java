package org.torchparity.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Structure-aware mutations of weight files, the attacks of {@link HostileWeightFilesTest} drawn at
 * random: decoy {@code .npy} headers, local headers and a central directory that disagree, bytes
 * outside entries, lying sizes; safetensors duplicate keys and fields, overlapping, gapped or
 * out-of-order offsets, wrong dtypes and shapes. A seed is taken apart (it is valid), changed in
 * one way, and put back together.
 */
final class WeightMutator {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] DESCRS = {"<f4", ">f4", "<f8", ">f8", "|f4", "=f8", "<i8", "<f2"};
  private static final String[] SHAPES = {
    "()",
    "(0,)",
    "(1,)",
    "(2, 3)",
    "(4, 3, 3)",
    "(1000000000, 1000000000)",
    "(9223372036854775807,)",
    "(4294967296, 4294967296)",
    "(3)",
    "(-1,)",
    "(1, 2, 3, 4, 5, 6, 7)"
  };
  private static final String[] DTYPES = {"F32", "F64", "F16", "BF16", "I64", "U8", "BOOL", "X"};

  private WeightMutator() {}

  /** One entry of a seed archive: its name and uncompressed bytes. */
  private record Item(String name, byte[] bytes) {}

  static byte[] mutateNpz(byte[] seed, SplittableRandom random) {
    List<Item> items = unzip(seed);
    int target = random.nextInt(items.size());
    Item item = items.get(target);
    switch (random.nextInt(4)) {
      case 0 -> items.set(target, new Item(item.name(), decoyNpy(item.bytes(), random)));
      case 1 -> items.set(target, new Item(item.name(), reshapedNpy(item.bytes(), random)));
      default -> {}
    }
    TestZip zip = new TestZip();
    for (Item i : items) {
      if (random.nextInt(3) == 0) {
        zip.deflated(i.name(), i.bytes());
      } else {
        zip.stored(i.name(), i.bytes());
      }
    }
    TestZip.Entry e = zip.entries.get(target);
    switch (random.nextInt(14)) {
      case 0 -> e.central = false; // a local header only
      case 1 -> {
        e.local = false; // a central record only, pointing somewhere
        e.centralOffset = (long) random.nextInt(seed.length);
      }
      case 2 -> e.centralName = random.nextBoolean() ? "decoy.npy" : e.name + "x";
      case 3 -> e.centralSize = e.size + random.nextInt(-8, 9);
      case 4 -> e.centralCompressedSize = e.compressedSize + random.nextInt(-8, 9);
      case 5 -> e.centralOffset = (long) random.nextInt(seed.length);
      case 6 -> zip.count = random.nextInt(0, zip.entries.size() + 2);
      case 7 -> zip.entries.add(zip.entries.get(random.nextInt(zip.entries.size())).copy());
      case 8 -> e.before = randomBytes(random, 1 + random.nextInt(40));
      case 9 -> zip.beforeDirectory = randomBytes(random, 1 + random.nextInt(40));
      case 10 -> e.localSize = e.size + random.nextInt(-8, 9);
      case 11 -> e.flags = 1 << random.nextInt(16);
      case 12 -> {
        TestZip.Entry extra = e.copy(); // a second local header the directory does not list
        extra.name = "hidden.npy";
        extra.central = false;
        zip.entries.add(random.nextInt(zip.entries.size() + 1), extra);
      }
      default -> {} // only the rebuild: stored or deflated, numpy's headers
    }
    return zip.build();
  }

  private static byte[] decoyNpy(byte[] npy, SplittableRandom random) {
    String first = DESCRS[random.nextInt(DESCRS.length)];
    String second = DESCRS[random.nextInt(DESCRS.length)];
    String dict =
        "{'descr': '"
            + first
            + "', 'fortran_order': False, 'descr': '"
            + second
            + "', 'shape': "
            + shapeOf(npy)
            + ", }";
    return HostileWeights.npy(dict, dataOf(npy));
  }

  private static byte[] reshapedNpy(byte[] npy, SplittableRandom random) {
    String descr = DESCRS[random.nextInt(DESCRS.length)];
    String shape = SHAPES[random.nextInt(SHAPES.length)];
    return HostileWeights.npy(HostileWeights.dict(descr, shape), dataOf(npy));
  }

  private static String headerOf(byte[] npy) {
    int length = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
    return new String(npy, 10, length, StandardCharsets.ISO_8859_1);
  }

  private static String shapeOf(byte[] npy) {
    String header = headerOf(npy);
    int start = header.indexOf('(');
    return header.substring(start, header.indexOf(')', start) + 1);
  }

  private static byte[] dataOf(byte[] npy) {
    return Arrays.copyOfRange(npy, 10 + headerOf(npy).length(), npy.length);
  }

  /**
   * The seed's entries, by the reader under test (the JDK's refuses stored entries with
   * descriptors).
   */
  private static List<Item> unzip(byte[] zip) {
    List<Item> items = new ArrayList<>();
    for (StrictZip.Member m : StrictZip.members(null, zip, WeightLimits.DEFAULTS)) {
      ZipContents.Slice s = ZipContents.contents(null, zip, m);
      items.add(
          new Item(m.name(), Arrays.copyOfRange(s.bytes(), s.offset(), s.offset() + s.length())));
    }
    return items;
  }

  static byte[] mutateSafetensors(byte[] seed, SplittableRandom random) {
    long headerLength = ByteBuffer.wrap(seed, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    byte[] data = Arrays.copyOfRange(seed, 8 + (int) headerLength, seed.length);
    List<String> keys = new ArrayList<>();
    List<String> values = new ArrayList<>();
    try {
      JsonNode header = JSON.readTree(Arrays.copyOfRange(seed, 8, 8 + (int) headerLength));
      for (Map.Entry<String, JsonNode> e : header.properties()) {
        keys.add(e.getKey());
        values.add(JSON.writeValueAsString(e.getValue()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int target = random.nextInt(keys.size());
    String value = values.get(target);
    switch (random.nextInt(12)) {
      case 0 -> { // a duplicate key, the decoy first or last
        int at = random.nextBoolean() ? 0 : keys.size();
        keys.add(at, keys.get(target));
        values.add(at, value.replace("\"F32\"", "\"F64\""));
      }
      case 1 -> values.set(target, value.replace("{", "{\"dtype\":\"F64\","));
      case 2 -> { // offsets overlapping or shifted into a gap
        int shift = random.nextInt(-16, 17);
        values.set(target, offsets(value, shift, shift));
      }
      case 3 -> values.set(target, offsets(value, 0, random.nextInt(-8, 9)));
      case 4 -> { // another order in the header (the format allows it)
        int other = random.nextInt(keys.size());
        keys.add(other, keys.remove(target));
        values.add(other, values.remove(target));
      }
      case 5 ->
          values.set(
              target, value.replaceFirst("\"shape\":\\[[^]]*]", "\"shape\":" + shape(random)));
      case 6 ->
          values.set(
              target,
              value.replaceFirst("\"F32\"", "\"" + DTYPES[random.nextInt(DTYPES.length)] + "\""));
      case 7 -> data = Arrays.copyOf(data, Math.max(0, data.length + random.nextInt(-8, 9)));
      case 8 -> {
        keys.add("__metadata__");
        values.add(
            random.nextBoolean() ? "{\"format\":\"pt\"}" : "{\"n\":" + random.nextInt() + "}");
      }
      case 9 -> values.set(target, value.replace("{", "{\"extra\":1,"));
      case 10 -> values.set(target, random.nextBoolean() ? "[]" : "{}");
      default -> {}
    }
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < keys.size(); i++) {
      json.append(i == 0 ? "" : ",").append(JSON.valueToTree(keys.get(i)).toString());
      json.append(':').append(values.get(i));
    }
    byte[] file = HostileWeights.safetensors(json.append('}').toString(), data);
    if (random.nextInt(8) == 0) { // a header length that disagrees with the header
      long length = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      ByteBuffer.wrap(file, 0, 8)
          .order(ByteOrder.LITTLE_ENDIAN)
          .putLong(length + random.nextInt(-9, 10));
    }
    return file;
  }

  private static String offsets(String value, int beginShift, int endShift) {
    try {
      JsonNode node = JSON.readTree(value);
      long begin = node.path("data_offsets").path(0).asLong() + beginShift;
      long end = node.path("data_offsets").path(1).asLong() + endShift;
      return value.replaceFirst(
          "\"data_offsets\":\\[[^]]*]", "\"data_offsets\":[" + begin + "," + end + "]");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shape(SplittableRandom random) {
    return switch (random.nextInt(5)) {
      case 0 -> "[1000000000,1000000000]";
      case 1 -> "[9223372036854775807,2]";
      case 2 -> "[-1]";
      case 3 -> "[1.5]";
      default -> "[" + random.nextInt(0, 50) + "]";
    };
  }

  private static byte[] randomBytes(SplittableRandom random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }
}
