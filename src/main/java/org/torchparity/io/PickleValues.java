package org.torchparity.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values {@link TorchUnpickler} builds: plain data ({@code String}, {@code Long}, {@code
 * BigInteger}, {@code Double}, {@code Boolean}, {@link #NONE}, {@link Bytes}), containers ({@link
 * Dict}, {@link PyList}, {@link Tuple}), and the three torch objects a weights file needs ({@link
 * Storage}, {@link PickledTensor}, and an allow-listed {@link Global} before it is called). Nothing
 * else can appear: there is no class loading, no reflection, no object built from a name.
 *
 * <p>Containers are sealed once they are placed in another container (or a tuple): a sealed
 * container cannot change. {@code pickle} fills each container before it uses it anywhere else, so
 * only a self-referencing (cyclic) structure would need to, and those are refused; sealing also
 * makes each container's nesting depth final when it is placed, so depth is counted exactly.
 */
final class PickleValues {
  private PickleValues() {}

  /** Python's {@code None}. */
  static final Object NONE =
      new Object() {
        @Override
        public String toString() {
          return "None";
        }
      };

  /** A {@code dict} or {@code collections.OrderedDict}, in insertion order. */
  static final class Dict {
    final boolean ordered;
    final Map<Object, Object> map = new LinkedHashMap<>();
    boolean sealed;
    int depth = 1;

    Dict(boolean ordered) {
      this.ordered = ordered;
    }
  }

  /** A {@code list}. */
  static final class PyList {
    final List<Object> items = new ArrayList<>();
    boolean sealed;
    int depth = 1;
  }

  /** A {@code tuple}: immutable, so it may be a dict key. */
  record Tuple(List<Object> items, int depth) {}

  /** A {@code bytes} value. */
  record Bytes(byte[] value) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "bytes of length " + value.length;
    }
  }

  /** An allow-listed global, named by a {@code GLOBAL} or {@code STACK_GLOBAL} opcode. */
  record Global(String module, String name) {
    @Override
    public String toString() {
      return module + "." + name;
    }
  }

  /**
   * One storage record of the archive, checked against its entry: {@code numel} elements of {@code
   * dtype}, exactly the entry's bytes.
   *
   * @param key the persistent id's key, {@code 0}, {@code 1}, ...
   * @param bytes holds the entry's uncompressed bytes from {@code offset}
   */
  record Storage(String key, StoredDType dtype, long numel, byte[] bytes, int offset) {}

  /**
   * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view into a storage, whose
   * every element has been checked to lie inside the storage.
   */
  record PickledTensor(Storage storage, long offset, long[] shape, long[] stride) {
    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }

    @Override
    public String toString() {
      return "a " + storage.dtype().torchName() + " tensor of shape " + Arrays.toString(shape);
    }
  }

  /** A value's nesting depth: 0 for anything that is not a container. */
  static int depth(Object value) {
    if (value instanceof Dict d) {
      return d.depth;
    }
    if (value instanceof PyList l) {
      return l.depth;
    }
    return value instanceof Tuple t ? t.depth() : 0;
  }

  /** Seals a container that is being placed somewhere. */
  static void seal(Object value) {
    if (value instanceof Dict d) {
      d.sealed = true;
    } else if (value instanceof PyList l) {
      l.sealed = true;
    }
  }

  /**
   * What a value is, briefly, as a message shows it: {@code int 3}, {@code a dict of 2 entries}.
   */
  static String describe(Object value) {
    if (value instanceof PickledTensor t) {
      return t.toString();
    }
    if (value instanceof Dict d) {
      long tensors = d.map.values().stream().filter(v -> v instanceof PickledTensor).count();
      String kind = d.ordered ? "an OrderedDict" : "a dict";
      return tensors == d.map.size() && tensors > 0
          ? kind + " of " + count(tensors, "tensor")
          : kind + " of " + count(d.map.size(), "entry");
    }
    if (value instanceof PyList l) {
      return "a list of " + count(l.items.size(), "entry");
    }
    if (value instanceof Tuple t) {
      return "a tuple of " + count(t.items().size(), "entry");
    }
    if (value instanceof String s) {
      return "str " + quote(s);
    }
    if (value instanceof Boolean b) {
      return "bool " + (b ? "True" : "False");
    }
    if (value instanceof Double d) {
      return "float " + d;
    }
    if (value instanceof Storage s) {
      return "a bare " + s.dtype().storageName() + " (not inside a tensor)";
    }
    if (value instanceof Global g) {
      return "the callable " + g + " (not called)";
    }
    if (value == NONE) {
      return "None";
    }
    return value instanceof Bytes ? value.toString() : "int " + value;
  }

  private static String count(long n, String noun) {
    String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
    return n + " " + (n == 1 ? noun : plural);
  }

  /** A key or string as Python prints it, cut at 60 characters. */
  static String quote(Object key) {
    if (!(key instanceof String s)) {
      return String.valueOf(key);
    }
    String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
    return "'" + shown.replace("\n", "\\n").replace("\r", "\\r") + "'";
  }
}
