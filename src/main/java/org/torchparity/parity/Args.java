package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import org.torchparity.spec.InvalidArgumentException;

/** Reads simple keyword arguments from a case's {@code args}, with PyTorch's defaults. */
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
