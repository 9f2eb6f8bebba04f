package org.torchparity.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Reads {@code torch-parity-case/1} files strictly: everything the format allows is accepted
 * (scalars or one-element lists in {@code args}, keys in any order, missing optional keys,
 * unbatched inputs, non-finite values as strings), and anything else is refused with a {@link
 * CaseFormatException} naming the file and the field.
 *
 * <p>Hostile input cannot exhaust the JVM: the file size, nesting depth, string and number lengths,
 * tensor rank and element counts are bounded ({@link Limits}); tensor data streams into primitive
 * arrays without building a tree; a declared shape is checked against the limit before anything is
 * allocated.
 */
public final class CaseReader {
  /** The format this reader reads. */
  public static final String FORMAT = "torch-parity-case/1";

  private static final Set<String> TENSOR_KEYS =
      Set.of(
          "input",
          "weight",
          "bias",
          "output",
          "grad_output",
          "grad_input",
          "grad_weight",
          "grad_bias");
  private static final List<String> KNOWN_KEYS =
      List.of(
          "format",
          "name",
          "source",
          "torch_version",
          "module",
          "args",
          "dtype",
          "input",
          "weight",
          "bias",
          "output",
          "grad_output",
          "grad_input",
          "grad_weight",
          "grad_bias",
          "seed",
          "error");

  /**
   * Bounds on what one file may hold.
   *
   * @param maxFileBytes the largest file read
   * @param maxTensorElements the most elements one tensor may hold
   * @param maxTotalElements the most elements all tensors of a file may hold together
   * @param maxRank the highest tensor rank
   * @param maxNestingDepth the deepest JSON nesting
   */
  public record Limits(
      long maxFileBytes,
      long maxTensorElements,
      long maxTotalElements,
      int maxRank,
      int maxNestingDepth) {
    /** 256 MiB files, 16 Mi elements a tensor, 32 Mi a file, rank 8, depth 32. */
    public static final Limits DEFAULT = new Limits(256L << 20, 16L << 20, 32L << 20, 8, 32);
  }

  private final Limits limits;
  private final JsonFactory factory;

  /** Creates a reader with {@link Limits#DEFAULT}. */
  public CaseReader() {
    this(Limits.DEFAULT);
  }

  /**
   * Creates a reader with the given limits.
   *
   * @param limits the bounds
   */
  public CaseReader(Limits limits) {
    this.limits = limits;
    this.factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxNestingDepth())
                    .maxNumberLength(400)
                    .maxStringLength(1 << 20)
                    .maxNameLength(1 << 10)
                    .maxDocumentLength(limits.maxFileBytes())
                    .build())
            .build();
    this.factory.setCodec(new ObjectMapper(factory));
  }

  /**
   * Lists the case files under the given paths: files as given, directories searched recursively
   * for {@code *.json}, each group sorted by path.
   *
   * @param paths files or directories
   * @return the files
   * @throws IOException when a path does not exist or cannot be listed
   */
  public static List<Path> findCases(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
              .sorted()
              .forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new java.nio.file.NoSuchFileException(
            path.toString(), null, "no such file or directory");
      }
    }
    return files;
  }

  /**
   * Reads one case file.
   *
   * @param file the file
   * @return the case
   * @throws CaseFormatException when the file does not follow the format
   * @throws IOException when it cannot be read
   */
  public ParityCase read(Path file) throws IOException {
    String name = file.toString();
    long size = Files.size(file);
    if (size > limits.maxFileBytes()) {
      throw new CaseFormatException(
          name, "", "file has " + size + " bytes, more than the limit " + limits.maxFileBytes());
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(name, in);
    }
  }

  /**
   * Reads one case from a stream.
   *
   * @param name the name used in error messages
   * @param in the JSON text
   * @return the case
   * @throws CaseFormatException when the text does not follow the format
   * @throws IOException when it cannot be read
   */
  public ParityCase read(String name, InputStream in) throws IOException {
    try (JsonParser parser = factory.createParser(in)) {
      return new Parse(name, parser).run();
    } catch (StreamConstraintsException e) {
      throw new CaseFormatException(name, "", "exceeds a reader limit: " + firstLine(e), e);
    } catch (JsonParseException e) {
      throw new CaseFormatException(name, "", "not valid JSON: " + firstLine(e), e);
    }
  }

  private static String firstLine(com.fasterxml.jackson.core.JacksonException e) {
    String m = String.valueOf(e.getOriginalMessage());
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline);
  }

  /** A tensor as read, before the case's dtype is known. */
  private record RawTensor(int[] shape, double[] data) {}

  /** The state of reading one file. */
  private final class Parse {
    private final String file;
    private final JsonParser parser;
    private final Map<String, RawTensor> tensors = new HashMap<>();
    private long totalElements;
    private String format;
    private String caseName;
    private String source;
    private String torchVersion;
    private String moduleName;
    private JsonNode args;
    private String dtypeName;
    private Long seed;
    private String error;

    Parse(String file, JsonParser parser) {
      this.file = file;
      this.parser = parser;
    }

    ParityCase run() throws IOException {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw fail("", "the file must hold one JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        parser.nextToken();
        readField(key);
      }
      if (parser.nextToken() != null) {
        throw fail("", "unexpected content after the case's closing brace");
      }
      return build();
    }

    private void readField(String key) throws IOException {
      if (TENSOR_KEYS.contains(key)) {
        if (parser.currentToken() != JsonToken.VALUE_NULL) {
          tensors.put(key, readTensor(key));
        }
        return;
      }
      switch (key) {
        case "format" -> format = string(key, true);
        case "name" -> caseName = string(key, true);
        case "source" -> source = string(key, false);
        case "torch_version" -> torchVersion = string(key, false);
        case "module" -> moduleName = string(key, true);
        case "dtype" -> dtypeName = string(key, true);
        case "error" -> error = string(key, false);
        case "args" -> {
          if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw fail(key, "expected an object of PyTorch keyword arguments but found " + token());
          }
          args = parser.readValueAsTree();
        }
        case "seed" -> {
          if (parser.currentToken() == JsonToken.VALUE_NULL) {
            seed = null;
          } else if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
              && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            seed = parser.getLongValue();
          } else {
            throw fail(key, "expected an integer or null but found " + token());
          }
        }
        default ->
            throw fail(
                key, "unknown key (" + FORMAT + " has " + String.join(", ", KNOWN_KEYS) + ")");
      }
    }

    private String string(String key, boolean required) throws IOException {
      JsonToken t = parser.currentToken();
      if (t == JsonToken.VALUE_STRING) {
        return parser.getText();
      }
      if (t == JsonToken.VALUE_NULL && !required) {
        return null;
      }
      throw fail(key, "expected a string" + (required ? "" : " or null") + " but found " + token());
    }

    private RawTensor readTensor(String key) throws IOException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw fail(
            key,
            "expected a tensor {\"shape\": [...], \"data\": [...]} or null but found " + token());
      }
      int[] shape = null;
      double[] data = null;
      int count = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("shape".equals(field)) {
          shape = readShape(key + ".shape");
          if (data != null && count != Tensor.numel(shape)) {
            throw lengthMismatch(key, shape, count);
          }
        } else if ("data".equals(field)) {
          if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw fail(key + ".data", "expected an array but found " + token());
          }
          long expected = shape == null ? -1 : Tensor.numel(shape);
          data = new double[(int) Math.max(0, Math.min(expected < 0 ? 1024 : expected, 1 << 20))];
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (expected >= 0 && count >= expected) {
              throw fail(
                  key + ".data",
                  "holds more than the "
                      + expected
                      + " values shape "
                      + Arrays.toString(shape)
                      + " declares");
            }
            if (count >= limits.maxTensorElements()) {
              throw fail(
                  key + ".data",
                  "holds more than the limit of " + limits.maxTensorElements() + " values");
            }
            if (count == data.length) {
              data =
                  Arrays.copyOf(
                      data,
                      (int) Math.min((long) data.length * 2 + 16, limits.maxTensorElements()));
            }
            data[count] = value(key, count);
            count++;
          }
          if (shape != null && count != Tensor.numel(shape)) {
            throw lengthMismatch(key, shape, count);
          }
        } else {
          throw fail(key + "." + field, "unknown key (a tensor has shape and data)");
        }
      }
      if (shape == null) {
        throw fail(key + ".shape", "is missing");
      }
      if (data == null) {
        throw fail(key + ".data", "is missing");
      }
      totalElements += count;
      if (totalElements > limits.maxTotalElements()) {
        throw fail(
            key,
            "the file's tensors hold more than the limit of "
                + limits.maxTotalElements()
                + " values");
      }
      return new RawTensor(shape, count == data.length ? data : Arrays.copyOf(data, count));
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

    private CaseFormatException fail(String field, String message) {
      return new CaseFormatException(file, field, message);
    }

    private ParityCase build() throws CaseFormatException {
      if (format == null) {
        throw fail("format", "is missing (expected \"" + FORMAT + "\")");
      }
      if (!FORMAT.equals(format)) {
        throw fail("format", "expected \"" + FORMAT + "\" but found \"" + format + "\"");
      }
      require(caseName, "name");
      require(moduleName, "module");
      require(args, "args");
      require(dtypeName, "dtype");
      ConvSpec.Kind module;
      try {
        module = ConvSpec.Kind.parse(moduleName);
      } catch (InvalidArgumentException e) {
        throw fail(
            "module",
            "unknown module '"
                + moduleName
                + "': this torch-parity reads Conv1d and ConvTranspose1d");
      }
      DType dtype;
      try {
        dtype = DType.parse(dtypeName);
      } catch (InvalidArgumentException e) {
        throw fail("dtype", e.getMessage());
      }
      boolean biasOff =
          args.has("bias") && args.get("bias").isBoolean() && !args.get("bias").booleanValue();
      if (biasOff && tensors.containsKey("bias")) {
        throw fail("bias", "must be null because args.bias is false");
      }
      if (biasOff && tensors.containsKey("grad_bias")) {
        throw fail("grad_bias", "must be null because args.bias is false");
      }
      if (error != null) {
        if (tensors.containsKey("output")) {
          throw fail("output", "must be absent when error is set (PyTorch produced no output)");
        }
      } else if (seed != null) {
        requireTensor("weight", "a seed case records the initial weight");
        if (!biasOff) {
          requireTensor("bias", "a seed case with a bias records the initial bias");
        }
        if (tensors.containsKey("output")) {
          requireTensor("input", "an output needs its input");
        }
      } else {
        requireTensor("input", "a forward case needs its input");
        requireTensor("weight", "a forward case needs its weight");
        requireTensor("output", "a forward case needs PyTorch's output");
        if (!biasOff) {
          requireTensor("bias", "args.bias is true (the default)");
        }
      }
      for (String grad : List.of("grad_input", "grad_weight", "grad_bias")) {
        if (tensors.containsKey(grad) && !tensors.containsKey("grad_output")) {
          throw fail(grad, "needs grad_output, the gradient passed to backward");
        }
      }
      return new ParityCase(
          file,
          caseName,
          source,
          torchVersion,
          module,
          args,
          dtype,
          tensor("input", dtype),
          tensor("weight", dtype),
          tensor("bias", dtype),
          tensor("output", dtype),
          tensor("grad_output", dtype),
          tensor("grad_input", dtype),
          tensor("grad_weight", dtype),
          tensor("grad_bias", dtype),
          seed,
          error);
    }

    private void require(Object value, String key) throws CaseFormatException {
      if (value == null) {
        throw fail(key, "is missing");
      }
    }

    private void requireTensor(String key, String why) throws CaseFormatException {
      if (!tensors.containsKey(key)) {
        throw fail(key, "is missing: " + why);
      }
    }

    private Tensor tensor(String key, DType dtype) {
      RawTensor raw = tensors.get(key);
      return raw == null ? null : Tensor.of(dtype, raw.shape(), raw.data());
    }
  }
}
