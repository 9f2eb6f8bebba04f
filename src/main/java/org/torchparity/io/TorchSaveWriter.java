package org.torchparity.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a state dict as {@code torch.save(state_dict, path)} does, so that {@code torch.load(path,
 * weights_only=True)} reads it back bit for bit: a zip archive (stored entries, each entry's data
 * aligned to 64 bytes as PyTorch aligns it) of {@code archive/data.pkl}, {@code archive/byteorder}
 * ({@code little}), {@code archive/data/0}, {@code archive/data/1}, ... (one contiguous storage per
 * tensor) and {@code archive/version} ({@code 3}, what PyTorch 1.13 and 2.x write). The pickle is
 * protocol 2, an {@code OrderedDict} of {@code _rebuild_tensor_v2} calls, the opcodes {@code
 * torch.save} emits, with the globals and repeated strings memoized as it does.
 */
final class TorchSaveWriter {
  private static final String ARCHIVE = "archive/";
  private static final int ALIGNMENT = 64;

  private final Path file;
  private final ByteArrayOutputStream pickle = new ByteArrayOutputStream();
  private final Map<String, Integer> memo = new HashMap<>();

  private TorchSaveWriter(Path file) {
    this.file = file;
  }

  /**
   * Writes the tensors, in map order.
   *
   * @param file the destination, for messages
   * @param tensors key to tensor; every dtype PyTorch has a storage type for
   * @return the archive's bytes
   */
  static byte[] write(Path file, Map<String, StoredTensor> tensors) {
    return new TorchSaveWriter(file).archive(tensors);
  }

  private byte[] archive(Map<String, StoredTensor> tensors) {
    pickle.write(0x80);
    pickle.write(2);
    global("collections", "OrderedDict");
    pickle.write(')');
    pickle.write('R');
    put("result");
    int index = 0;
    for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
      if (index % 1000 == 0) { // pickle batches SETITEMS by 1,000 pairs
        if (index > 0) {
          pickle.write('u');
        }
        pickle.write('(');
      }
      tensor(e.getKey(), e.getValue(), index++);
    }
    if (index > 0) {
      pickle.write('u');
    }
    pickle.write('.');
    byte[] data = pickle.toByteArray();
    ZipWriter zip = new ZipWriter(file, ALIGNMENT);
    zip.add(ARCHIVE + "data.pkl", data, 0, data.length);
    byte[] order = "little".getBytes(StandardCharsets.US_ASCII);
    zip.add(ARCHIVE + "byteorder", order, 0, order.length);
    int key = 0;
    for (StoredTensor t : tensors.values()) {
      zip.add(ARCHIVE + "data/" + key++, t.array(), t.offset(), (int) t.byteSize());
    }
    byte[] version = "3\n".getBytes(StandardCharsets.US_ASCII);
    zip.add(ARCHIVE + "version", version, 0, version.length);
    return zip.finish();
  }

  /**
   * Writes a TorchScript archive as {@code torch.jit.save} lays it out for a module with tensor
   * attributes only: {@code archive/data.pkl} (protocol 2: {@code __torch__.<className>} made by
   * {@code NEWOBJ} and filled by {@code BUILD} from a dict of the tensors, as above, and {@code
   * training: False}), {@code archive/code/__torch__.py} (the class's source, compiled by libtorch
   * when it loads), {@code archive/constants.pkl} (an empty tuple), the storages and {@code
   * archive/.data/version} ({@code 10}).
   *
   * @param file the destination, for messages
   * @param className the class's name, a Python identifier
   * @param source the source of {@code code/__torch__.py}
   * @param tensors attribute name to tensor, in the order the source declares them
   * @return the archive's bytes
   */
  static byte[] writeScript(
      Path file, String className, String source, Map<String, StoredTensor> tensors) {
    return new TorchSaveWriter(file).script(className, source, tensors);
  }

  private byte[] script(String className, String source, Map<String, StoredTensor> tensors) {
    pickle.write(0x80);
    pickle.write(2);
    global("__torch__", className);
    pickle.write(')');
    pickle.write(0x81); // NEWOBJ
    pickle.write('}');
    pickle.write('(');
    int index = 0;
    for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
      tensor(e.getKey(), e.getValue(), index++);
    }
    string("training", false);
    pickle.write(0x89); // False
    pickle.write('u');
    pickle.write('b'); // BUILD
    pickle.write('.');
    byte[] data = pickle.toByteArray();
    ZipWriter zip = new ZipWriter(file, ALIGNMENT);
    zip.add(ARCHIVE + "data.pkl", data, 0, data.length);
    byte[] code = source.getBytes(StandardCharsets.UTF_8);
    zip.add(ARCHIVE + "code/__torch__.py", code, 0, code.length);
    byte[] constants = {(byte) 0x80, 2, ')', '.'};
    zip.add(ARCHIVE + "constants.pkl", constants, 0, constants.length);
    int key = 0;
    for (StoredTensor t : tensors.values()) {
      zip.add(ARCHIVE + "data/" + key++, t.array(), t.offset(), (int) t.byteSize());
    }
    // Version 10, as PyTorch writes a script calling gelu(approximate=...): a lower version makes
    // libtorch read the source with the operator schemas of that version (no approximate).
    byte[] version = "10\n".getBytes(StandardCharsets.US_ASCII);
    zip.add(ARCHIVE + ".data/version", version, 0, version.length);
    return zip.finish();
  }

  /** One {@code key: _rebuild_tensor_v2((storage pid), 0, size, stride, False, OrderedDict())}. */
  private void tensor(String key, StoredTensor t, int storageKey) {
    StoredDType dtype = t.storedDType();
    if (dtype.storageName() == null) {
      throw new StateDictException(
          file,
          key,
          "PyTorch has no storage type for "
              + dtype.torchName()
              + " that torch.load(weights_only=True) reads; convert to .safetensors instead");
    }
    string(key, false);
    global("torch._utils", "_rebuild_tensor_v2");
    pickle.write('(');
    pickle.write('(');
    string("storage", true);
    global("torch", dtype.storageName());
    string(Integer.toString(storageKey), false);
    string("cpu", true);
    integer(t.numel());
    pickle.write('t');
    pickle.write('Q');
    integer(0);
    int[] shape = t.shape();
    long[] stride = new long[shape.length];
    long step = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      stride[i] = step;
      step *= Math.max(shape[i], 1); // PyTorch's contiguous strides treat a 0 dimension as 1
    }
    tuple(java.util.Arrays.stream(shape).asLongStream().toArray());
    tuple(stride);
    pickle.write(0x89); // requires_grad False
    global("collections", "OrderedDict");
    pickle.write(')');
    pickle.write('R');
    pickle.write('t');
    pickle.write('R');
  }

  private void tuple(long[] values) {
    if (values.length == 0) {
      pickle.write(')');
      return;
    }
    if (values.length > 3) {
      pickle.write('(');
    }
    for (long v : values) {
      integer(v);
    }
    pickle.write(values.length > 3 ? 't' : 0x84 + values.length);
  }

  /** An int as pickle writes it: BININT1, BININT2, BININT, or LONG1 with the fewest bytes. */
  private void integer(long v) {
    if (v >= 0 && v <= 0xff) {
      pickle.write('K');
      pickle.write((int) v);
    } else if (v >= 0 && v <= 0xffff) {
      pickle.write('M');
      pickle.write((int) v & 0xff);
      pickle.write((int) (v >>> 8));
    } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
      pickle.write('J');
      for (int i = 0; i < 4; i++) {
        pickle.write((int) (v >>> (8 * i)) & 0xff);
      }
    } else {
      int n = 8;
      while (n > 1 && (v >> (8 * (n - 1) - 1)) == (v >> 63)) {
        n--; // drop a top byte that only repeats the sign
      }
      pickle.write(0x8a);
      pickle.write(n);
      for (int i = 0; i < n; i++) {
        pickle.write((int) (v >>> (8 * i)) & 0xff);
      }
    }
  }

  /** A str as BINUNICODE, or a memo reference when {@code shared} and written before. */
  private void string(String s, boolean shared) {
    if (shared && get("s:" + s)) {
      return;
    }
    byte[] utf8;
    try {
      ByteBuffer encoded =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      utf8 = new byte[encoded.remaining()];
      encoded.get(utf8);
    } catch (CharacterCodingException e) {
      throw new StateDictException(file, s, "the key is not valid Unicode (a lone surrogate)");
    }
    pickle.write('X');
    for (int i = 0; i < 4; i++) {
      pickle.write(utf8.length >>> (8 * i) & 0xff);
    }
    pickle.writeBytes(utf8);
    if (shared) {
      put("s:" + s);
    }
  }

  private void global(String module, String name) {
    if (get("g:" + module + "." + name)) {
      return;
    }
    pickle.write('c');
    pickle.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    put("g:" + module + "." + name);
  }

  /** Writes a memo reference if {@code what} was memoized, and says whether it was. */
  private boolean get(String what) {
    Integer index = memo.get(what);
    if (index == null) {
      return false;
    }
    if (index < 256) {
      pickle.write('h');
      pickle.write(index);
    } else {
      pickle.write('j');
      for (int i = 0; i < 4; i++) {
        pickle.write(index >>> (8 * i) & 0xff);
      }
    }
    return true;
  }

  private void put(String what) {
    int index = memo.size();
    memo.put(what, index);
    if (index < 256) {
      pickle.write('q');
      pickle.write(index);
    } else {
      pickle.write('r');
      for (int i = 0; i < 4; i++) {
        pickle.write(index >>> (8 * i) & 0xff);
      }
    }
  }
}
