package org.torchparity.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face safetensors: an 8-byte little-endian header length, a UTF-8 JSON header mapping each
 * tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (and an optional {@code
 * __metadata__} of strings), then the data section. Read as the safetensors library validates it:
 * the header starts with <code>{</code>, a key appears once, the offsets of all tensors, sorted,
 * tile the data section exactly (no gap, no overlap, nothing after), and each tensor's span is its
 * shape times its dtype's size. The header is parsed as a stream, so its entries are counted
 * against the limit as they come.
 */
final class SafetensorsFormat {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final String METADATA = "__metadata__";

  /** One tensor's header entry. */
  private record Info(String key, StoredDType dtype, long[] shape, long begin, long end) {}

  private SafetensorsFormat() {}

  static Map<String, StoredTensor> read(Path file, byte[] bytes, WeightLimits limits) {
    if (bytes.length < 10) {
      throw new StateDictException(
          file, null, "expected a safetensors header but the file has " + bytes.length + " bytes");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 0 || headerLength > bytes.length - 8) {
      throw new StateDictException(
          file,
          null,
          "truncated: the header claims "
              + Long.toUnsignedString(headerLength)
              + " bytes but the file has "
              + (bytes.length - 8)
              + " after the length");
    }
    limits.checkHeaderBytes(file, headerLength);
    if (headerLength < 2 || bytes[8] != '{') {
      throw new StateDictException(
          file, null, "expected the JSON header to start with '{' (the safetensors format)");
    }
    long dataLength = bytes.length - 8 - headerLength;
    List<Info> infos = header(file, bytes, (int) headerLength, dataLength, limits);
    checkTiling(file, infos, dataLength);
    Map<String, StoredTensor> result = new LinkedHashMap<>();
    int dataStart = 8 + (int) headerLength;
    for (Info info : infos) {
      result.put(
          info.key(),
          TensorBytes.stored(
              file,
              info.key(),
              info.dtype(),
              ByteOrder.LITTLE_ENDIAN,
              info.shape(),
              false,
              bytes,
              dataStart + (int) info.begin()));
    }
    return result;
  }

  private static List<Info> header(
      Path file, byte[] bytes, int headerLength, long dataLength, WeightLimits limits) {
    List<Info> infos = new ArrayList<>();
    String current = null;
    Reader utf8 =
        new InputStreamReader(
            new ByteArrayInputStream(bytes, 8, headerLength),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    try (JsonParser p = JSON.createParser(utf8)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new StateDictException(file, null, "expected a JSON object as safetensors header");
      }
      int count = 0;
      long total = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        current = p.currentName();
        limits.checkEntries(file, current, ++count);
        p.nextToken();
        if (current.equals(METADATA)) {
          count = metadata(file, p, count, limits);
        } else {
          Info info = info(file, p, current, dataLength, limits);
          total = limits.addTotalBytes(file, current, total, info.end() - info.begin());
          infos.add(info);
        }
        current = null;
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new StateDictException(
            file, null, "expected only whitespace after the header's JSON object");
      }
    } catch (CharacterCodingException e) {
      throw new StateDictException(file, current, "the header is not valid UTF-8");
    } catch (JsonProcessingException e) {
      String entry =
          current != null ? current : e.getProcessor() instanceof JsonParser p ? name(p) : null;
      throw new StateDictException(
          file, entry, "malformed safetensors header: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new StateDictException(file, current, "cannot parse the header: " + e);
    }
    return infos;
  }

  private static String name(JsonParser p) {
    try {
      return p.currentName();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static int metadata(Path file, JsonParser p, int count, WeightLimits limits)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new StateDictException(file, METADATA, "expected an object of string values");
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      limits.checkEntries(file, METADATA, ++count);
      if (p.nextToken() != JsonToken.VALUE_STRING) {
        throw new StateDictException(
            file, METADATA, "expected string values but '" + p.currentName() + "' is not one");
      }
    }
    return count;
  }

  private static Info info(
      Path file, JsonParser p, String key, long dataLength, WeightLimits limits)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new StateDictException(
          file, key, "expected an object with dtype, shape and data_offsets [begin, end]");
    }
    String dtypeName = null;
    long[] shape = null;
    long[] offsets = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "dtype" -> {
          if (value != JsonToken.VALUE_STRING) {
            throw new StateDictException(file, key, "expected dtype to be a string");
          }
          dtypeName = p.getText();
        }
        case "shape" -> shape = longs(file, p, key, "shape", limits.maxRank());
        case "data_offsets" -> offsets = longs(file, p, key, "data_offsets", 2);
        default ->
            throw new StateDictException(
                file,
                key,
                "unexpected field '" + field + "' (expected dtype, shape, data_offsets)");
      }
    }
    if (dtypeName == null || shape == null || offsets == null || offsets.length != 2) {
      throw new StateDictException(
          file, key, "expected dtype, shape and data_offsets [begin, end]");
    }
    StoredDType dtype = StoredDType.ofSafetensorsName(dtypeName);
    if (dtype == null) {
      throw new StateDictException(file, key, "unknown dtype '" + dtypeName + "'");
    }
    long begin = offsets[0];
    long end = offsets[1];
    if (end < begin || end > dataLength) {
      throw new StateDictException(
          file,
          key,
          (end > dataLength && begin <= end ? "truncated: " : "")
              + "data_offsets ["
              + begin
              + ", "
              + end
              + "] must lie within the data section of "
              + dataLength
              + " bytes, begin <= end");
    }
    long needed = TensorBytes.byteCount(file, key, shape, dtype);
    if (needed != end - begin) {
      throw new StateDictException(
          file,
          key,
          "the shape "
              + Arrays.toString(shape)
              + " of "
              + dtypeName
              + " needs "
              + needed
              + " bytes but data_offsets ["
              + begin
              + ", "
              + end
              + "] span "
              + (end - begin));
    }
    return new Info(key, dtype, shape, begin, end);
  }

  /** Reads an array of non-negative integers, refusing more than {@code max} of them. */
  private static long[] longs(Path file, JsonParser p, String key, String field, int max)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new StateDictException(file, key, "expected " + field + " to be an array of integers");
    }
    long[] values = new long[Math.min(max, 8)];
    int n = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
          || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
          || p.getLongValue() < 0) {
        throw new StateDictException(
            file,
            key,
            "expected " + field + " to hold non-negative integers but found '" + p.getText() + "'");
      }
      if (n == max) {
        if (field.equals("shape")) {
          throw new StateDictException(
              file,
              key,
              "the shape claims more than " + max + " dimensions (WeightLimits.maxRank)");
        }
        throw new StateDictException(
            file, key, "expected " + field + " to hold " + max + " values");
      }
      if (n == values.length) {
        values = Arrays.copyOf(values, Math.min(max, 2 * n));
      }
      values[n++] = p.getLongValue();
    }
    return Arrays.copyOf(values, n);
  }

  /** Sorted by offset, the tensors must cover the data section exactly once. */
  private static void checkTiling(Path file, List<Info> infos, long dataLength) {
    List<Info> sorted = new ArrayList<>(infos);
    sorted.sort(Comparator.comparingLong(Info::begin).thenComparingLong(Info::end));
    long expected = 0;
    Info previous = null;
    for (Info info : sorted) {
      if (info.begin() < expected) {
        throw new StateDictException(
            file,
            info.key(),
            "data_offsets ["
                + info.begin()
                + ", "
                + info.end()
                + "] overlap '"
                + previous.key()
                + "' at ["
                + previous.begin()
                + ", "
                + previous.end()
                + "]");
      }
      if (info.begin() > expected) {
        throw new StateDictException(
            file,
            info.key(),
            "data_offsets ["
                + info.begin()
                + ", "
                + info.end()
                + "] leave bytes ["
                + expected
                + ", "
                + info.begin()
                + ") of the data section outside every tensor");
      }
      expected = info.end();
      previous = info;
    }
    if (expected != dataLength) {
      throw new StateDictException(
          file,
          null,
          (dataLength - expected)
              + " bytes at the end of the data section ("
              + dataLength
              + " bytes) belong to no tensor");
    }
  }

  static byte[] write(Path file, Map<String, StoredTensor> tensors) {
    StringWriter json = new StringWriter();
    List<StoredTensor> blobs = new ArrayList<>();
    try (JsonGenerator g = JSON.createGenerator(json)) {
      g.writeStartObject();
      long offset = 0;
      for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
        if (e.getKey().equals(METADATA)) {
          throw new StateDictException(file, METADATA, "a tensor cannot be named " + METADATA);
        }
        StoredTensor t = e.getValue();
        blobs.add(t);
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("dtype", t.storedDType().safetensorsName());
        g.writeArrayFieldStart("shape");
        for (int dim : t.shape()) {
          g.writeNumber(dim);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data_offsets");
        g.writeNumber(offset);
        g.writeNumber(offset + t.byteSize());
        g.writeEndArray();
        g.writeEndObject();
        offset += t.byteSize();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new StateDictException(file, null, "cannot write the header: " + e.getMessage());
    }
    byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
    int pad = (8 - header.length % 8) % 8; // the format pads the header to 8 bytes with spaces
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    out.writeBytes(length.putLong(header.length + pad).array());
    out.writeBytes(header);
    out.writeBytes(" ".repeat(pad).getBytes(StandardCharsets.US_ASCII));
    for (StoredTensor t : blobs) {
      out.write(t.array(), t.offset(), (int) t.byteSize());
    }
    return out.toByteArray();
  }
}
