package org.torchparity.io;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.io.PickleValues.Dict;
import org.torchparity.io.PickleValues.PickledTensor;
import org.torchparity.io.PickleValues.PyList;
import org.torchparity.io.PickleValues.Tuple;

/**
 * What a {@code .pt} file's unpickled object holds: a key path picks a part of it ({@code model} of
 * a checkpoint, {@code a.b} of nested dicts, {@code 0} of a list), that part must be a state dict
 * (a dict of tensors, or a list or tuple of them, or one tensor), and its tensors are made
 * contiguous as PyTorch shows them. Anything else is refused with a description of what the file
 * holds and the key paths that do lead to state dicts.
 */
final class TorchContents {
  private static final int SHOWN = 8;
  private static final int BUDGET = 100_000;

  private TorchContents() {}

  /**
   * Follows a key path of dot-separated parts. A dict key may itself hold dots ({@code 0.weight}):
   * at each dict the longest run of parts that is a key is taken. Past the dicts, the rest of the
   * path may be a prefix of a state dict's keys ({@code encoder} of {@code encoder.conv1.weight}),
   * which picks those keys with the prefix removed.
   */
  static Object select(Path file, Object root, String keyPath) {
    if (keyPath == null || keyPath.isEmpty()) {
      return root;
    }
    String[] parts = keyPath.split("\\.", -1);
    Object current = root;
    String where = "the file";
    int i = 0;
    while (i < parts.length) {
      String rest = String.join(".", Arrays.asList(parts).subList(i, parts.length));
      if (current instanceof Dict d) {
        int taken = 0;
        for (int j = parts.length; j > i && taken == 0; j--) {
          Object key = key(d, String.join(".", Arrays.asList(parts).subList(i, j)));
          if (key != null) {
            current = d.map.get(key);
            where = "'" + String.join(".", Arrays.asList(parts).subList(0, j)) + "'";
            taken = j - i;
          }
        }
        if (taken == 0) {
          Dict byPrefix = withPrefix(d, rest + ".");
          if (byPrefix != null) {
            return byPrefix;
          }
          throw new StateDictException(
              file,
              keyPath,
              "the key path's '" + rest + "' is not a key of " + where + "; it holds " + keys(d));
        }
        i += taken;
      } else if (current instanceof PyList || current instanceof Tuple) {
        List<Object> items = items(current);
        int index = index(parts[i], items.size());
        if (index < 0) {
          throw new StateDictException(
              file,
              keyPath,
              "the key path's '"
                  + parts[i]
                  + "' is not an index of "
                  + where
                  + ", which is "
                  + PickleValues.describe(current));
        }
        current = items.get(index);
        where = "'" + String.join(".", Arrays.asList(parts).subList(0, i + 1)) + "'";
        i++;
      } else {
        throw new StateDictException(
            file,
            keyPath,
            "the key path goes on with '"
                + rest
                + "' but "
                + where
                + " is "
                + PickleValues.describe(current));
      }
    }
    return current;
  }

  /** The dict's key spelled {@code text}: a str, or an int written in decimal. */
  private static Object key(Dict d, String text) {
    if (d.map.containsKey(text)) {
      return text;
    }
    if (text.matches("-?[0-9]{1,19}")) {
      try {
        Long number = Long.parseLong(text);
        return d.map.containsKey(number) ? number : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Dict withPrefix(Dict d, String prefix) {
    Dict picked = new Dict(d.ordered);
    for (Map.Entry<Object, Object> e : d.map.entrySet()) {
      if (e.getKey() instanceof String k && k.startsWith(prefix) && k.length() > prefix.length()) {
        picked.map.put(k.substring(prefix.length()), e.getValue());
      }
    }
    return picked.map.isEmpty() ? null : picked;
  }

  private static int index(String part, int size) {
    if (!part.matches("[0-9]{1,9}")) {
      return -1;
    }
    int index = Integer.parseInt(part);
    return index < size ? index : -1;
  }

  private static List<Object> items(Object container) {
    return container instanceof PyList l ? l.items : ((Tuple) container).items();
  }

  /**
   * The tensors of a state dict: a dict of str to tensors, a list or tuple of tensors (keys {@code
   * 0}, {@code 1}, ...), or one tensor (keyed by the key path's last part, or {@code tensor}). An
   * empty dict, list or tuple is an empty state dict (a model without parameters saves one).
   */
  static Map<String, PickledTensor> tensors(Path file, Object value, String keyPath) {
    Map<String, PickledTensor> out = new LinkedHashMap<>();
    String where = keyPath == null || keyPath.isEmpty() ? "the file" : "'" + keyPath + "'";
    if (value instanceof PickledTensor t) {
      String[] parts = keyPath == null || keyPath.isEmpty() ? new String[0] : keyPath.split("\\.");
      out.put(parts.length == 0 ? "tensor" : parts[parts.length - 1], t);
      return out;
    }
    if (value instanceof Dict d) {
      for (Map.Entry<Object, Object> e : d.map.entrySet()) {
        if (!(e.getKey() instanceof String key) || !(e.getValue() instanceof PickledTensor t)) {
          throw notAStateDict(file, keyPath, where, value);
        }
        out.put(key, t);
      }
      return out;
    }
    if (value instanceof PyList || value instanceof Tuple) {
      List<Object> items = items(value);
      for (int i = 0; i < items.size(); i++) {
        if (!(items.get(i) instanceof PickledTensor t)) {
          throw notAStateDict(file, keyPath, where, value);
        }
        out.put(Integer.toString(i), t);
      }
      return out;
    }
    throw notAStateDict(file, keyPath, where, value);
  }

  private static StateDictException notAStateDict(
      Path file, String keyPath, String where, Object value) {
    StringBuilder message =
        new StringBuilder(where)
            .append(" holds ")
            .append(PickleValues.describe(value))
            .append(", not a state dict (a dict, list or tuple of tensors)");
    if (value instanceof Dict d && !d.map.isEmpty()) {
      message.append(": ").append(entries(d));
    }
    List<String> paths = new ArrayList<>();
    candidates(value, keyPath == null || keyPath.isEmpty() ? "" : keyPath + ".", 3, paths);
    if (!paths.isEmpty()) {
      message.append("; pick one with a key path (--key): ").append(String.join(", ", paths));
    }
    return new StateDictException(file, keyPath, message.toString());
  }

  /**
   * Key paths, up to {@code depth} levels down, that lead to state dicts; at most a few. The walk
   * examines at most {@link #BUDGET} entries in all, however the pickle shares containers (a dict
   * of 1,000 references to one dict of 1,000 references ... would otherwise cost a billion steps).
   */
  private static void candidates(Object value, String path, int depth, List<String> out) {
    candidates(value, path, depth, out, new int[] {BUDGET});
  }

  private static void candidates(
      Object value, String path, int depth, List<String> out, int[] budget) {
    if (depth == 0) {
      return;
    }
    List<Map.Entry<String, Object>> children = new ArrayList<>();
    if (value instanceof Dict d) {
      for (Map.Entry<Object, Object> e : d.map.entrySet()) {
        if (--budget[0] < 0) {
          return;
        }
        Object k = e.getKey();
        if (k instanceof String || k instanceof Long || k instanceof BigInteger) {
          children.add(Map.entry(String.valueOf(k), e.getValue()));
        }
      }
    } else if (value instanceof PyList || value instanceof Tuple) {
      List<Object> items = items(value);
      for (int i = 0; i < items.size(); i++) {
        if (--budget[0] < 0) {
          return;
        }
        children.add(Map.entry(Integer.toString(i), items.get(i)));
      }
    }
    for (Map.Entry<String, Object> e : children) {
      if (out.size() >= SHOWN || budget[0] < 0) {
        return;
      }
      if (isStateDict(e.getValue(), budget)) {
        out.add(path + e.getKey());
      } else {
        candidates(e.getValue(), path + e.getKey() + ".", depth - 1, out, budget);
      }
    }
  }

  private static boolean isStateDict(Object value, int[] budget) {
    if (value instanceof Dict d) {
      for (Map.Entry<Object, Object> e : d.map.entrySet()) {
        if (--budget[0] < 0
            || !(e.getKey() instanceof String)
            || !(e.getValue() instanceof PickledTensor)) {
          return false;
        }
      }
      return !d.map.isEmpty();
    }
    if (value instanceof PyList || value instanceof Tuple) {
      List<Object> items = items(value);
      for (Object v : items) {
        if (--budget[0] < 0 || !(v instanceof PickledTensor)) {
          return false;
        }
      }
      return !items.isEmpty();
    }
    return false;
  }

  private static String entries(Dict d) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (Map.Entry<Object, Object> e : d.map.entrySet()) {
      if (n++ == SHOWN) {
        return out.append(", ... (").append(d.map.size()).append(" entries)").toString();
      }
      out.append(n == 1 ? "" : ", ")
          .append(PickleValues.quote(e.getKey()))
          .append(" (")
          .append(PickleValues.describe(e.getValue()))
          .append(')');
    }
    return out.toString();
  }

  private static String keys(Dict d) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (Object k : d.map.keySet()) {
      if (n++ == SHOWN) {
        return out.append(", ... (").append(d.map.size()).append(" keys)").toString();
      }
      out.append(n == 1 ? "" : ", ").append(PickleValues.quote(k));
    }
    return n == 0 ? "no keys" : out.toString();
  }

  /**
   * Makes each tensor contiguous and little-endian: a view of the storage's bytes when it already
   * is, else a copy gathered element by element. A tensor named twice is made once. The bytes made
   * count against {@link WeightLimits#maxTotalBytes()} before they are allocated (a stride-0 view
   * of one element may claim a billion).
   */
  static Map<String, StoredTensor> materialise(
      Path file, Map<String, PickledTensor> tensors, boolean bigEndian, WeightLimits limits) {
    limits.checkEntries(file, null, tensors.size());
    Map<PickledTensor, StoredTensor> made = new IdentityHashMap<>();
    Map<String, StoredTensor> out = new LinkedHashMap<>();
    long total = 0;
    for (Map.Entry<String, PickledTensor> e : tensors.entrySet()) {
      PickledTensor t = e.getValue();
      StoredTensor stored = made.get(t);
      if (stored == null) {
        int item = t.storage().dtype().itemSize();
        long numel = TensorBytes.numel(file, e.getKey(), t.shape());
        long bytes = numel > WeightLimits.ARRAY_LIMIT ? Long.MAX_VALUE : numel * item;
        if (bytes > WeightLimits.ARRAY_LIMIT) {
          throw new StateDictException(
              file,
              e.getKey(),
              "the tensor of shape "
                  + Arrays.toString(t.shape())
                  + " would take more bytes than a Java array holds");
        }
        total = limits.addTotalBytes(file, e.getKey(), total, bytes);
        stored = contiguous(file, e.getKey(), t, (int) bytes, bigEndian && item > 1);
        made.put(t, stored);
      }
      out.put(e.getKey(), stored);
    }
    return out;
  }

  private static StoredTensor contiguous(
      Path file, String key, PickledTensor t, int bytes, boolean swap) {
    PickleValues.Storage s = t.storage();
    int item = s.dtype().itemSize();
    int[] dims = TensorBytes.intShape(file, key, t.shape());
    long expected = 1;
    boolean rowMajor = true;
    for (int i = dims.length - 1; i >= 0; i--) {
      if (dims[i] != 1 && t.stride()[i] != expected) {
        rowMajor = false;
      }
      expected *= dims[i];
    }
    if (bytes == 0 || (rowMajor && !swap)) {
      int start = bytes == 0 ? s.offset() : s.offset() + (int) (t.offset() * item);
      return new StoredTensor(s.dtype(), dims, s.bytes(), start, bytes);
    }
    byte[] out = new byte[bytes];
    int[] index = new int[dims.length];
    long element = t.offset();
    int count = bytes / item;
    for (int i = 0; i < count; i++) {
      int from = s.offset() + (int) (element * item);
      for (int b = 0; b < item; b++) {
        out[i * item + b] = s.bytes()[from + (swap ? item - 1 - b : b)];
      }
      for (int k = dims.length - 1; k >= 0; k--) { // advance the row-major counter
        element += t.stride()[k];
        if (++index[k] < dims[k]) {
          break;
        }
        element -= t.stride()[k] * dims[k];
        index[k] = 0;
      }
    }
    return new StoredTensor(s.dtype(), dims, out, 0, out.length);
  }
}
