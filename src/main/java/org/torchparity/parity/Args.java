package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import org.torchparity.spec.InvalidArgumentException;

/**
 * Reads keyword arguments from a case's {@code args}, with PyTorch's defaults: absent keys take the
 * default; a value of the wrong kind is refused naming the key, the expected kind and the value.
 * Whether a value is in range is the spec's to check, as PyTorch's constructors check it.
 */
final class Args {
  private Args() {}

  static boolean bool(JsonNode args, String key, boolean defaultValue) {
    JsonNode v = args.get(key);
    if (v == null || v.isNull()) {
      return defaultValue;
    }
    if (!v.isBoolean()) {
      throw new InvalidArgumentException(key, key + " must be True or False but was " + v);
    }
    return v.booleanValue();
  }

  /** Tells whether the key is present and {@code None}. */
  static boolean isNone(JsonNode args, String key) {
    JsonNode v = args.get(key);
    return v != null && v.isNull();
  }

  /** Tells whether the key is present (possibly {@code None}). */
  static boolean has(JsonNode args, String key) {
    return args.has(key);
  }

  /** An int; absent gives the default; {@code None} is refused. */
  static int integer(JsonNode args, String key, int defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      return defaultValue;
    }
    return toInt(key, v);
  }

  /** An int or {@code None} ({@code null}); absent gives the default. */
  static Integer optionalInteger(JsonNode args, String key, Integer defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      return defaultValue;
    }
    return v.isNull() ? null : toInt(key, v);
  }

  /** A float (an int is accepted, as Python accepts it); absent gives the default. */
  static double decimal(JsonNode args, String key, double defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      return defaultValue;
    }
    return toDouble(key, v);
  }

  /** A float or {@code None} ({@code null}); absent gives the default. */
  static Double optionalDecimal(JsonNode args, String key, Double defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      return defaultValue;
    }
    return v.isNull() ? null : toDouble(key, v);
  }

  /** A string; absent gives the default. */
  static String string(JsonNode args, String key, String defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!v.isTextual()) {
      throw new InvalidArgumentException(key, key + " must be a string but was " + v);
    }
    return v.textValue();
  }

  /**
   * An int or a list of ints, as a list; absent gives the default, {@code None} gives {@code null}.
   */
  static int[] intList(JsonNode args, String key, int[] defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      return defaultValue == null ? null : defaultValue.clone();
    }
    if (v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      int[] out = new int[v.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = toInt(key, v.get(i));
      }
      return out;
    }
    return new int[] {toInt(key, v)};
  }

  /** A float or a list of floats, as a list; absent gives the default, {@code None} null. */
  static double[] decimalList(JsonNode args, String key, double[] defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      return defaultValue == null ? null : defaultValue.clone();
    }
    if (v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      double[] out = new double[v.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = toDouble(key, v.get(i));
      }
      return out;
    }
    return new double[] {toDouble(key, v)};
  }

  private static int toInt(String key, JsonNode v) {
    if (v.isBoolean()) {
      // Python's bool is an int: True is 1 and False is 0.
      return v.booleanValue() ? 1 : 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new InvalidArgumentException(key, key + " must be an int but was " + v);
    }
    return v.intValue();
  }

  private static double toDouble(String key, JsonNode v) {
    if (v.isTextual()) {
      switch (v.textValue()) {
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
    if (!v.isNumber()) {
      throw new InvalidArgumentException(key, key + " must be a float but was " + v);
    }
    return v.doubleValue();
  }

  /** Refuses keyword arguments the module does not take, as Python's TypeError does. */
  static JsonNode only(JsonNode args, String module, String... allowed) {
    java.util.Set<String> known = java.util.Set.of(allowed);
    for (var it = args.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new InvalidArgumentException(
            key, module + ".__init__() got an unexpected keyword argument '" + key + "'");
      }
    }
    return args;
  }
}
