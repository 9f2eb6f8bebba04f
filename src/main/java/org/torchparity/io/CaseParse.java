package org.torchparity.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.torchparity.spec.Tensor;

/**
 * The streaming half of {@link CaseReader}: reads one file's keys, checking each value's JSON type
 * and every tensor's shape against its data and the reader's limits before allocating; {@link
 * CaseAssembler} then checks the case as a whole.
 */
final class CaseParse {
  final String file;
  private final JsonParser parser;
  private final CaseReader.Limits limits;
  private long totalElements;

  /** Every key of the file, in file order, including those whose value is {@code null}. */
  final Set<String> keys = new LinkedHashSet<>();

  /** Scalar fields by key, as read (strings, booleans, longs or JSON trees). */
  final Map<String, Object> scalars = new LinkedHashMap<>();

  /** Single tensors by key ({@code input}, {@code weight}, ...). */
  final Map<String, RawTensor> tensors = new LinkedHashMap<>();

  /** Tensor maps by key ({@code state}, {@code state_after}, {@code grads}). */
  final Map<String, Map<String, RawTensor>> maps = new LinkedHashMap<>();

  /** Tensor lists by key ({@code inputs}, {@code outputs}, ...). */
  final Map<String, List<RawTensor>> lists = new LinkedHashMap<>();

  /** Weight files already read by the same reader. */
  final WeightFileCache weightFiles;

  CaseParse(String file, JsonParser parser, CaseReader.Limits limits, WeightFileCache weightFiles) {
    this.file = file;
    this.parser = parser;
    this.limits = limits;
    this.weightFiles = weightFiles;
  }

  ParityCase run() throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw fail("", "the file must hold one JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      parser.nextToken();
      readField(key);
      keys.add(key);
    }
    if (parser.nextToken() != null) {
      throw fail("", "unexpected content after the case's closing brace");
    }
    return new CaseAssembler(this).build();
  }

  private void readField(String key) throws IOException {
    switch (CaseKeys.kind(key)) {
      case STRING -> scalars.put(key, string(key));
      case BOOLEAN -> {
        if (!parser.currentToken().isBoolean() && parser.currentToken() != JsonToken.VALUE_NULL) {
          throw fail(key, "expected true or false but found " + token());
        }
        scalars.put(
            key, parser.currentToken() == JsonToken.VALUE_NULL ? null : parser.getBooleanValue());
      }
      case INTEGER -> scalars.put(key, integer(key));
      case TREE -> {
        boolean args = "args".equals(key);
        JsonToken t = parser.currentToken();
        if (t != (args ? JsonToken.START_OBJECT : JsonToken.START_ARRAY)
            && t != JsonToken.VALUE_NULL) {
          throw fail(
              key,
              "expected "
                  + (args
                      ? "an object of PyTorch keyword arguments"
                      : "a list of {\"name\", \"module\", \"args\", \"children\"}")
                  + " but found "
                  + token());
        }
        JsonNode tree = parser.readValueAsTree();
        scalars.put(key, tree);
      }
      case TENSOR -> {
        if (parser.currentToken() != JsonToken.VALUE_NULL) {
          tensors.put(key, readTensor(key));
        }
      }
      case TENSOR_MAP -> maps.put(key, readTensorMap(key));
      case TENSOR_LIST -> lists.put(key, readTensorList(key));
      default -> throw fail(key, "unknown key (" + CaseKeys.describe() + ")");
    }
  }

  private String string(String key) throws IOException {
    JsonToken t = parser.currentToken();
    if (t == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw fail(key, "expected a string or null but found " + token());
  }

  private Long integer(String key) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return parser.getLongValue();
    }
    throw fail(key, "expected an integer or null but found " + token());
  }

  private Map<String, RawTensor> readTensorMap(String key) throws IOException {
    Map<String, RawTensor> out = new LinkedHashMap<>();
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return out;
    }
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw fail(key, "expected an object of tensors by state-dict key but found " + token());
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      out.put(name, readTensor(key + "." + name));
    }
    return out;
  }

  private List<RawTensor> readTensorList(String key) throws IOException {
    List<RawTensor> out = new ArrayList<>();
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return out;
    }
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw fail(key, "expected a list of tensors but found " + token());
    }
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      out.add(readTensor(key + "[" + out.size() + "]"));
    }
    return out;
  }

  private RawTensor readTensor(String key) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw fail(
          key,
          "expected a tensor {\"shape\": [...], \"data\": [...]} or {\"file\": ..., \"key\": ...}"
              + " but found "
              + token());
    }
    int[] shape = null;
    String dtype = null;
    TensorData data = null;
    String fileName = null;
    String fileKey = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      switch (field) {
        case "shape" -> {
          shape = readShape(key + ".shape");
          if (data != null && data.count != Tensor.numel(shape)) {
            throw lengthMismatch(key, shape, data.count);
          }
        }
        case "dtype" -> dtype = string(key + ".dtype");
        case "data" -> data = readData(key, shape);
        case "file" -> fileName = string(key + ".file");
        case "key" -> fileKey = string(key + ".key");
        default ->
            throw fail(
                key + "." + field,
                "unknown key (a tensor has shape, dtype and data, or file and key)");
      }
    }
    if (fileName != null || fileKey != null) {
      if (shape != null || data != null || dtype != null) {
        throw fail(
            key, "a tensor is either inline (shape, data) or in a file (file, key), not both");
      }
      if (fileName == null || fileKey == null) {
        throw fail(key + (fileName == null ? ".file" : ".key"), "is missing");
      }
      return new RawTensor(key, null, null, null, null, fileName, fileKey);
    }
    if (shape == null) {
      throw fail(key + ".shape", "is missing");
    }
    if (data == null) {
      throw fail(key + ".data", "is missing");
    }
    if (data.count != Tensor.numel(shape)) {
      throw lengthMismatch(key, shape, data.count);
    }
    totalElements += data.count;
    if (totalElements > limits.maxTotalElements()) {
      throw fail(
          key,
          "the file's tensors hold more than the limit of "
              + limits.maxTotalElements()
              + " values");
    }
    return new RawTensor(key, shape, dtype, data.doubles(), data.longs(), null, null);
  }

  /** Values as read: doubles, or longs while every value is a JSON integer. */
  private static final class TensorData {
    double[] doubles = new double[0];
    long[] longs = new long[0];
    boolean integral = true;
    int count;

    double[] doubles() {
      return Arrays.copyOf(doubles, count);
    }

    long[] longs() {
      return integral && count > 0 ? Arrays.copyOf(longs, count) : null;
    }
  }

  private TensorData readData(String key, int[] shape) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw fail(key + ".data", "expected an array but found " + token());
    }
    long expected = shape == null ? -1 : Tensor.numel(shape);
    TensorData d = new TensorData();
    int initial = (int) Math.max(0, Math.min(expected < 0 ? 1024 : expected, 1 << 20));
    d.doubles = new double[initial];
    d.longs = new long[initial];
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (expected >= 0 && d.count >= expected) {
        throw fail(
            key + ".data",
            "holds more than the "
                + expected
                + " values shape "
                + Arrays.toString(shape)
                + " declares");
      }
      if (d.count >= limits.maxTensorElements()) {
        throw fail(
            key + ".data",
            "holds more than the limit of " + limits.maxTensorElements() + " values");
      }
      if (d.count == d.doubles.length) {
        int grown = (int) Math.min((long) d.doubles.length * 2 + 16, limits.maxTensorElements());
        d.doubles = Arrays.copyOf(d.doubles, grown);
        d.longs = Arrays.copyOf(d.longs, grown);
      }
      JsonToken t = parser.currentToken();
      if (t == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        d.longs[d.count] = parser.getLongValue();
      } else {
        d.integral = false;
      }
      d.doubles[d.count] = value(key, d.count);
      d.count++;
    }
    return d;
  }

  private CaseFormatException lengthMismatch(String key, int[] shape, int count) {
    return fail(
        key + ".data",
        "holds "
            + count
            + " values but shape "
            + Arrays.toString(shape)
            + " needs "
            + Tensor.numel(shape));
  }

  private int[] readShape(String field) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw fail(field, "expected an array of non-negative integers but found " + token());
    }
    int[] dims = new int[limits.maxRank()];
    int rank = 0;
    long product = 1;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      if (rank == limits.maxRank()) {
        throw fail(field, "has more than " + limits.maxRank() + " dimensions");
      }
      if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
          || parser.getNumberType() != JsonParser.NumberType.INT
          || parser.getIntValue() < 0) {
        throw fail(
            field + "[" + rank + "]", "expected a non-negative integer but found " + token());
      }
      dims[rank] = parser.getIntValue();
      product = product * dims[rank];
      if (product > limits.maxTensorElements()) {
        throw fail(
            field, "declares more than the limit of " + limits.maxTensorElements() + " elements");
      }
      rank++;
    }
    return Arrays.copyOf(dims, rank);
  }

  private double value(String key, int index) throws IOException {
    JsonToken t = parser.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      double v = parser.getDoubleValue();
      if (Double.isInfinite(v)) {
        throw fail(
            key + ".data[" + index + "]",
            "number " + parser.getText() + " is out of range; write \"inf\" or \"-inf\"");
      }
      return v;
    }
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      throw fail(key + ".data[" + index + "]", "write bool values as 0 and 1");
    }
    if (t == JsonToken.VALUE_STRING) {
      switch (parser.getText()) {
        case "nan":
          return Double.NaN;
        case "inf":
          return Double.POSITIVE_INFINITY;
        case "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw fail(
        key + ".data[" + index + "]",
        "expected a number or \"nan\", \"inf\", \"-inf\" but found " + token());
  }

  private String token() throws IOException {
    JsonToken t = parser.currentToken();
    if (t == null) {
      return "the end of the file";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        String text = parser.getText();
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
      case VALUE_NULL:
        return "null";
      default:
        String s = parser.getText();
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
  }

  CaseFormatException fail(String field, String message) {
    return new CaseFormatException(file, field, message);
  }
}
