package org.torchparity.io;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.io.PickleValues.Bytes;
import org.torchparity.io.PickleValues.Dict;
import org.torchparity.io.PickleValues.Global;
import org.torchparity.io.PickleValues.PyList;
import org.torchparity.io.PickleValues.Tuple;

/**
 * A restricted unpickler for the {@code data.pkl} of a {@code torch.save} archive: it runs the
 * opcodes {@code pickle} protocols 2 to 5 use for plain data and containers, plus {@code GLOBAL},
 * {@code REDUCE}, {@code BUILD} and {@code BINPERSID} for exactly the callables {@link
 * TorchGlobals} allows, and refuses every other opcode by name. It is the bar {@code
 * torch.load(path, weights_only=True)} sets, written as a small interpreter over the bytes rather
 * than a general unpickler configured down (which would build unknown classes as dicts, or call
 * whatever it can find): a global is checked when it is named, and nothing is ever loaded, looked
 * up by name or called.
 *
 * <p>Every claim is checked before it is acted on: a string's length against the bytes left and
 * {@link WeightLimits#maxStringBytes()}, the stack, the memo and the nesting (of containers and of
 * {@code MARK}s) against their limits, a memo index against the memo. Stricter than Python, on
 * purpose: bytes after {@code STOP}, values left on the stack, dict keys that are not str, int or a
 * tuple of those, a key set twice, and a change to a container already placed in another (a
 * recursive structure) are refused.
 */
final class TorchUnpickler {
  /** Resolves a persistent id's storage against the archive. */
  interface Storages {
    PickleValues.Storage storage(
        String key, StoredDType dtype, long numel, String location, TorchGlobals.Refusal r);
  }

  private static final int HIGHEST_PROTOCOL = 5;

  private final PickleBytes in;
  private final WeightLimits limits;
  private final Storages storages;
  private final List<Object> stack = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private int[] marks = new int[16];
  private int markCount;

  private TorchUnpickler(
      Path file, String entry, byte[] b, int start, int length, WeightLimits l, Storages s) {
    this.in = new PickleBytes(file, entry, b, start, length, l);
    this.limits = l;
    this.storages = s;
  }

  /**
   * Runs the pickle in {@code length} bytes of {@code bytes} from {@code start}.
   *
   * @return the value it builds
   * @throws StateDictException naming the file, the entry, the opcode's offset and the problem
   */
  static Object load(
      Path file,
      String entry,
      byte[] bytes,
      int start,
      int length,
      WeightLimits limits,
      Storages storages) {
    return new TorchUnpickler(file, entry, bytes, start, length, limits, storages).run();
  }

  private Object run() {
    while (true) {
      if (in.startOpcode()) {
        throw refuse("truncated: the pickle ends before its STOP opcode");
      }
      int code = in.u8();
      switch (code) {
        case 0x80 -> protocol();
        case 0x95 -> in.skip(in.i64("frame length")); // FRAME: a length hint; the opcodes follow
        case '.' -> {
          return stop();
        }
        case '(' -> mark();
        case '0' -> pop();
        case '1' -> popMark();
        case '2' -> push(peek());
        case 'N' -> push(PickleValues.NONE);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push((long) in.i32());
        case 'K' -> push((long) in.u8());
        case 'M' -> push((long) in.u16());
        case 0x8a -> push(in.long1());
        case 'G' -> push(Double.longBitsToDouble(in.bigEndianLong()));
        case 0x8c -> push(in.text(in.u8()));
        case 'X' -> push(in.text(in.u32()));
        case 0x8d -> push(in.text(in.i64("string length")));
        case 'U' -> push(in.text(in.u8())); // SHORT_BINSTRING: str, decoded as torch.load does
        case 'T' -> push(in.text(in.i32()));
        case 'C' -> push(new Bytes(in.raw(in.u8())));
        case 'B' -> push(new Bytes(in.raw(in.u32())));
        case 0x8e -> push(new Bytes(in.raw(in.i64("bytes length"))));
        case '}' -> push(new Dict(false));
        case ']' -> push(new PyList());
        case ')' -> push(tuple(List.of()));
        case 0x85 -> push(tuple(popN(1)));
        case 0x86 -> push(tuple(popN(2)));
        case 0x87 -> push(tuple(popN(3)));
        case 't' -> push(tuple(popMark()));
        case 'l' -> push(appendAll(new PyList(), popMark()));
        case 'd' -> push(setAll(new Dict(false), popMark()));
        case 'a' -> {
          Object value = popValue();
          appendAll(target(peek()), List.of(value));
        }
        case 'e' -> appendAll(listBelowMark(), popMark());
        case 's' -> setAll(dict(stack.size() - 3), popN(2));
        case 'u' -> setAll(dictBelowMark(), popMark());
        case 'q' -> put(in.u8());
        case 'r' -> put(in.u32());
        case 0x94 -> put(memo.size());
        case 'h' -> push(get(in.u8()));
        case 'j' -> push(get(in.u32()));
        case 'c' -> push(TorchGlobals.resolve(in.line("module"), in.line("name"), this::refuse));
        case 0x93 -> stackGlobal();
        case 'R' -> reduce();
        case 'b' -> build();
        case 'Q' -> persistentId();
        default -> throw refuse(unsupported(code));
      }
    }
  }

  private void protocol() {
    int version = in.u8();
    if (version < 2 || version > HIGHEST_PROTOCOL) {
      throw refuse(
          "pickle protocol " + version + " (torch.save writes 2; protocols 2 to 5 are read)");
    }
  }

  private Object stop() {
    if (markCount != 0 || stack.size() != 1) {
      throw refuse(
          "STOP leaves "
              + stack.size()
              + " values and "
              + markCount
              + " marks on the stack; a pickle ends with exactly one value");
    }
    if (in.remaining() != 0) {
      throw refuse(in.remaining() + " bytes follow STOP, outside the pickle");
    }
    return stack.get(0);
  }

  // ------------------------------------------------------------------ the stack and the marks

  private void push(Object value) {
    if (stack.size() >= limits.maxPickleStack()) {
      throw limit(
          "a stack of " + (stack.size() + 1) + " values",
          limits.maxPickleStack(),
          "maxPickleStack");
    }
    stack.add(value);
  }

  private int fence() {
    return markCount == 0 ? 0 : marks[markCount - 1];
  }

  private Object pop() {
    if (stack.size() <= fence()) {
      throw refuse("the opcode needs a value but the stack (above its last mark) is empty");
    }
    return stack.remove(stack.size() - 1);
  }

  private Object peek() {
    if (stack.size() <= fence()) {
      throw refuse("the opcode needs a value but the stack (above its last mark) is empty");
    }
    return stack.get(stack.size() - 1);
  }

  /** Pops a value that is being placed in a container: it is sealed from now on. */
  private Object popValue() {
    Object value = pop();
    PickleValues.seal(value);
    return value;
  }

  private List<Object> popN(int n) {
    if (stack.size() - fence() < n) {
      throw refuse("the opcode needs " + n + " values but the stack has fewer above its mark");
    }
    List<Object> items = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
    stack.subList(stack.size() - n, stack.size()).clear();
    items.forEach(PickleValues::seal);
    return items;
  }

  private void mark() {
    if (markCount >= limits.maxPickleDepth()) {
      throw limit("MARK nesting of " + (markCount + 1), limits.maxPickleDepth(), "maxPickleDepth");
    }
    if (markCount == marks.length) {
      marks = java.util.Arrays.copyOf(marks, 2 * markCount);
    }
    marks[markCount++] = stack.size();
  }

  private List<Object> popMark() {
    if (markCount == 0) {
      throw refuse("the opcode needs a MARK but none is open");
    }
    int at = marks[--markCount];
    List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
    stack.subList(at, stack.size()).clear();
    items.forEach(PickleValues::seal);
    return items;
  }

  // ------------------------------------------------------------------ containers

  private Tuple tuple(List<Object> items) {
    int depth = 1;
    for (Object item : items) {
      depth = Math.max(depth, nested(PickleValues.depth(item)));
    }
    return new Tuple(List.copyOf(items), depth);
  }

  /** The depth of a container holding a value of {@code childDepth}, refused over the limit. */
  private int nested(int childDepth) {
    int depth = childDepth + 1;
    if (depth > limits.maxPickleDepth()) {
      throw limit("a nesting depth of " + depth, limits.maxPickleDepth(), "maxPickleDepth");
    }
    return depth;
  }

  private PyList target(Object value) {
    if (!(value instanceof PyList list)) {
      throw refuse("APPEND to " + PickleValues.describe(value) + ", which is not a list");
    }
    return list;
  }

  private PyList listBelowMark() {
    int at = markCount == 0 ? -1 : marks[markCount - 1] - 1;
    if (at < fenceBelow()) {
      throw refuse("APPENDS needs a list below its MARK");
    }
    return target(stack.get(at));
  }

  private Dict dictBelowMark() {
    int at = markCount == 0 ? -1 : marks[markCount - 1] - 1;
    if (at < fenceBelow()) {
      throw refuse("SETITEMS needs a dict below its MARK");
    }
    return asDict(stack.get(at));
  }

  /** The fence under the innermost mark: what lies below the mark but above the one before. */
  private int fenceBelow() {
    return markCount < 2 ? 0 : marks[markCount - 2];
  }

  private Dict dict(int at) {
    if (at < fence()) {
      throw refuse("SETITEM needs a dict, a key and a value on the stack");
    }
    return asDict(stack.get(at));
  }

  private Dict asDict(Object value) {
    if (!(value instanceof Dict d)) {
      throw refuse("SETITEM on " + PickleValues.describe(value) + ", which is not a dict");
    }
    return d;
  }

  private PyList appendAll(PyList list, List<Object> items) {
    if (list.sealed) {
      throw refuse("APPEND to a list already placed in another container (a recursive structure)");
    }
    for (Object item : items) {
      list.depth = Math.max(list.depth, nested(PickleValues.depth(item)));
      list.items.add(item);
    }
    return list;
  }

  private Dict setAll(Dict dict, List<Object> pairs) {
    if (dict.sealed) {
      throw refuse("SETITEM on a dict already placed in another container (a recursive structure)");
    }
    if (pairs.size() % 2 != 0) {
      throw refuse("SETITEMS needs key-value pairs but has " + pairs.size() + " values");
    }
    for (int i = 0; i < pairs.size(); i += 2) {
      Object key = pairs.get(i);
      Object value = pairs.get(i + 1);
      if (!isKey(key)) {
        throw refuse("a dict key is " + PickleValues.describe(key) + "; expected a str or an int");
      }
      dict.depth = Math.max(dict.depth, nested(PickleValues.depth(value)));
      if (dict.map.putIfAbsent(key, value) != null) {
        throw refuse("the dict key " + PickleValues.quote(key) + " is set twice");
      }
    }
    return dict;
  }

  private static boolean isKey(Object key) {
    if (key instanceof Tuple t) {
      return t.items().stream().allMatch(TorchUnpickler::isKey);
    }
    return key instanceof String || key instanceof Long || key instanceof BigInteger;
  }

  // ------------------------------------------------------------------ memo

  private void put(long index) {
    Object top = peek();
    if (!memo.containsKey(index) && memo.size() >= limits.maxPickleMemo()) {
      throw limit(
          "a memo of " + (memo.size() + 1) + " entries", limits.maxPickleMemo(), "maxPickleMemo");
    }
    memo.put(index, top);
  }

  private Object get(long index) {
    Object value = memo.get(index);
    if (value == null) {
      throw refuse("memo entry " + index + " is read but was never written");
    }
    return value;
  }

  // ------------------------------------------------------------------ globals and calls

  private void stackGlobal() {
    Object name = pop();
    Object module = pop();
    if (!(module instanceof String m) || !(name instanceof String n)) {
      throw refuse("STACK_GLOBAL expects two strings");
    }
    push(TorchGlobals.resolve(m, n, this::refuse));
  }

  private void reduce() {
    Object args = pop();
    Object callable = pop();
    if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
      throw refuse(
          "REDUCE calls "
              + PickleValues.describe(callable)
              + " with "
              + PickleValues.describe(args)
              + "; only an allowed global with a tuple can be called");
    }
    push(TorchGlobals.reduce(g, t, limits, this::refuse));
  }

  private void build() {
    Object state = popValue();
    Object target = peek();
    if (!(target instanceof Dict d) || !d.ordered || !(state instanceof Dict s)) {
      throw refuse(
          "BUILD sets the state of "
              + PickleValues.describe(target)
              + " to "
              + PickleValues.describe(state)
              + "; only an OrderedDict's attributes (a state dict's _metadata) are accepted");
    }
    if (d.sealed) {
      throw refuse("BUILD on a dict already placed in another container");
    }
    for (Object key : s.map.keySet()) {
      if (!(key instanceof String)) {
        throw refuse("BUILD state has an attribute named " + PickleValues.describe(key));
      }
    }
    // The attributes (a module's _metadata: versions per submodule) are checked and dropped.
  }

  private void persistentId() {
    Object pid = pop();
    if (!(pid instanceof Tuple t)
        || t.items().size() != 5
        || !"storage".equals(t.items().get(0))
        || TorchGlobals.storageType(t.items().get(1)) == null
        || !(t.items().get(2) instanceof String key)
        || !(t.items().get(3) instanceof String location)
        || !(t.items().get(4) instanceof Long numel)) {
      throw refuse(
          "a persistent id must be ('storage', <storage type>, key, location, numel) but is "
              + PickleValues.describe(pid));
    }
    StoredDType dtype = TorchGlobals.storageType(t.items().get(1));
    push(storages.storage(key, dtype, numel, location, this::refuse));
  }

  // ------------------------------------------------------------------ refusals

  private static String unsupported(int code) {
    String name =
        switch (code) {
          case 'i' -> "INST (builds an object of a named class)";
          case 'o' -> "OBJ (builds an object)";
          case 0x81 -> "NEWOBJ (builds an object)";
          case 0x92 -> "NEWOBJ_EX (builds an object)";
          case 0x82, 0x83, 0x84 -> "EXT1/EXT2/EXT4 (names a registered class)";
          case 'P' -> "PERSID (a text persistent id; torch.save writes BINPERSID)";
          case 'I', 'L', 'S', 'V', 'F', 'g', 'p' -> "a protocol 0 text opcode";
          case 0x8b -> "LONG4 (an integer of up to 4 GB)";
          case 0x8f, 0x90, 0x91 -> "a set opcode (EMPTY_SET, ADDITEMS, FROZENSET)";
          case 0x96, 0x97, 0x98 -> "an out-of-band buffer opcode";
          default -> "an unknown opcode";
        };
    return "unsupported pickle opcode 0x" + Integer.toHexString(code) + ", " + name;
  }

  private StateDictException limit(String what, long limit, String name) {
    return in.limit(what, limit, name);
  }

  StateDictException refuse(String problem) {
    return in.refuse(problem);
  }
}
