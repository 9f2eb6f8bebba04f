package org.torchparity.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * PyTorch's {@code torch.save} format (PyTorch 1.6 and later): a zip archive whose entries all lie
 * in one folder (the archive's name, {@code archive/} when PyTorch writes to a stream), holding
 * {@code data.pkl} (the pickled object), {@code data/<key>} (one entry per storage, its raw
 * elements), {@code version} (or {@code .data/version}) and, since PyTorch 2.1, {@code byteorder},
 * {@code .format_version}, {@code .storage_alignment} and {@code .data/serialization_id}.
 *
 * <p>Read in this order, each step checked before the next allocates anything: the zip through
 * {@link StrictZip} (entry count, sizes, compression ratio, both directories agreeing); the entry
 * names (one folder, no {@code ..}, no absolute path, no backslash, nothing but the records above);
 * the version (1 to 10, as PyTorch 1.13 accepts) and byte order ({@code little} or {@code big}, as
 * PyTorch accepts; big-endian storages are byte-swapped, as PyTorch does); the pickle, through
 * {@link TorchUnpickler}, which checks each storage against its entry as the pickle names it and
 * each tensor against its storage; then the key path, and the tensors, made contiguous. Other
 * formats are refused with advice: the legacy pre-1.6 format, and TorchScript archives.
 */
final class TorchSaveFormat {
  private static final Set<String> METADATA =
      Set.of(
          "version",
          ".data/version",
          "byteorder",
          ".format_version",
          ".storage_alignment",
          ".data/serialization_id");
  private static final Pattern STORAGE_KEY = Pattern.compile("[0-9A-Za-z_]{1,64}");
  private static final int MIN_VERSION = 1;
  private static final int MAX_VERSION = 10;
  private static final int MAX_RECORD = 64;

  private final Path file;
  private final byte[] zip;
  private final WeightLimits limits;
  private final Map<String, StrictZip.Member> records = new LinkedHashMap<>();
  private final Map<String, PickleValues.Storage> storages = new HashMap<>();
  private String prefix;

  private TorchSaveFormat(Path file, byte[] zip, WeightLimits limits) {
    this.file = file;
    this.zip = zip;
    this.limits = limits;
  }

  /**
   * Reads the tensors of a {@code torch.save} file.
   *
   * @param file the file, for messages
   * @param bytes the whole file
   * @param keyPath where the state dict lies in the saved object ({@code model}, {@code a.b}), or
   *     {@code null} for the object itself
   * @param limits the limits
   * @return key to tensor, in the pickle's order
   */
  static Map<String, StoredTensor> read(
      Path file, byte[] bytes, String keyPath, WeightLimits limits) {
    return new TorchSaveFormat(file, bytes, limits).read(keyPath);
  }

  private Map<String, StoredTensor> read(String keyPath) {
    sniff();
    List<StrictZip.Member> members = StrictZip.members(file, zip, limits);
    names(members);
    boolean bigEndian = byteOrder();
    version();
    StrictZip.Member pickle = records.get("data.pkl");
    ZipContents.Slice data = ZipContents.contents(file, zip, pickle);
    Object root =
        TorchUnpickler.load(
            file, pickle.name(), data.bytes(), data.offset(), data.length(), limits, this::storage);
    for (String name : records.keySet()) {
      if (name.startsWith("data/") && !storages.containsKey(name.substring(5))) {
        throw new StateDictException(
            file, prefix + name, "the archive holds this storage but no tensor refers to it");
      }
    }
    Object selected = TorchContents.select(file, root, keyPath);
    return TorchContents.materialise(
        file, TorchContents.tensors(file, selected, keyPath), bigEndian, limits);
  }

  /** Refuses what is not a zip archive, with advice for PyTorch's other formats. */
  private void sniff() {
    if (zip.length >= 4 && zip[0] == 'P' && zip[1] == 'K') {
      return;
    }
    if (zip.length >= 2 && (zip[0] & 0xff) == 0x80 && zip[1] >= 2 && zip[1] <= 5) {
      throw new StateDictException(
          file,
          null,
          "this is PyTorch's legacy (pre-1.6) torch.save format, a bare pickle stream, which"
              + " torch-parity does not read; re-save it with a current torch.save"
              + " (torch.save(torch.load(old), new) in PyTorch 1.6 or later)");
    }
    if (zip.length >= 262 && new String(zip, 257, 5, StandardCharsets.ISO_8859_1).equals("ustar")) {
      throw new StateDictException(
          file,
          null,
          "this is PyTorch's oldest (tar) torch.save format, which torch-parity does not read;"
              + " re-save it with a current torch.save");
    }
    String start = zip.length == 0 ? "is empty" : String.format("starts with 0x%02x", zip[0]);
    throw new StateDictException(
        file,
        null,
        "not a torch.save file: it "
            + start
            + " but a torch.save zip archive starts with PK (written by PyTorch 1.6 or later)");
  }

  /** Checks every entry name and files the records by their name inside the archive's folder. */
  private void names(List<StrictZip.Member> members) {
    if (members.isEmpty()) {
      throw new StateDictException(file, null, "an empty zip archive, not a torch.save file");
    }
    for (StrictZip.Member m : members) {
      String name = m.name();
      checkName(m.name());
      int slash = name.indexOf('/');
      String folder = name.substring(0, slash + 1);
      if (prefix == null) {
        prefix = folder;
      } else if (!folder.equals(prefix)) {
        throw new StateDictException(
            file,
            name,
            "the entry lies outside the archive's folder '"
                + prefix
                + "' (every entry of a torch.save archive shares the first one's folder)");
      }
      records.put(name.substring(slash + 1), m);
    }
    for (String name : records.keySet()) {
      if (name.equals("constants.pkl") || name.startsWith("code/") || name.equals("model.json")) {
        throw new StateDictException(
            file,
            prefix + name,
            "this is a TorchScript archive (torch.jit.save), not a torch.save file of weights;"
                + " load it with DJL's TorchScript support (ai.djl.pytorch), or save"
                + " model.state_dict() with torch.save");
      }
    }
    for (String name : records.keySet()) {
      boolean storage =
          name.startsWith("data/") && STORAGE_KEY.matcher(name.substring(5)).matches();
      if (!storage && !name.equals("data.pkl") && !METADATA.contains(name)) {
        throw new StateDictException(
            file,
            prefix + name,
            "unexpected entry in a torch.save archive (expected data.pkl, data/<key> and the"
                + " records "
                + new TreeSet<>(METADATA)
                + ")");
      }
    }
    if (!records.containsKey("data.pkl")) {
      throw new StateDictException(
          file, prefix + "data.pkl", "the archive has no data.pkl, so it is not a torch.save file");
    }
  }

  private void checkName(String name) {
    int slash = name.indexOf('/');
    String problem = null;
    if (name.startsWith("/") || (name.length() > 1 && name.charAt(1) == ':')) {
      problem = "an absolute path";
    } else if (name.indexOf('\\') >= 0) {
      problem = "a backslash";
    } else if (slash <= 0) {
      problem = "no folder (torch.save puts every entry in the archive's folder)";
    } else if (name.endsWith("/")) {
      problem = "a folder entry";
    } else {
      for (String part : name.split("/", -1)) {
        if (part.isEmpty() || part.equals(".") || part.equals("..")) {
          problem = "an empty, '.' or '..' path component, which could leave the archive";
        }
      }
      for (int i = 0; i < name.length() && problem == null; i++) {
        if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
          problem = "a control character";
        }
      }
    }
    if (problem != null) {
      throw new StateDictException(file, name, "the entry name has " + problem);
    }
  }

  /** The byte order record: absent or {@code little} (false), {@code big} (true). */
  private boolean byteOrder() {
    String order = record("byteorder");
    if (order == null || order.equals("little")) {
      return false;
    }
    if (order.equals("big")) {
      return true;
    }
    throw new StateDictException(
        file,
        prefix + "byteorder",
        "unknown byte order '" + order + "' (PyTorch writes little or big)");
  }

  private void version() {
    String name = records.containsKey(".data/version") ? ".data/version" : "version";
    String text = record(name);
    if (text == null) {
      throw new StateDictException(
          file, prefix + "version", "the archive has no version record, which PyTorch requires");
    }
    String digits = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      throw new StateDictException(
          file, prefix + name, "the version record is not a number: '" + text.strip() + "'");
    }
    int version = Integer.parseInt(digits);
    if (version < MIN_VERSION || version > MAX_VERSION) {
      throw new StateDictException(
          file,
          prefix + name,
          "format version "
              + version
              + ", outside the versions "
              + MIN_VERSION
              + " to "
              + MAX_VERSION
              + " that PyTorch 1.13 reads");
    }
  }

  /** A small text record, or {@code null} when absent. */
  private String record(String name) {
    StrictZip.Member m = records.get(name);
    if (m == null) {
      return null;
    }
    if (m.size() > MAX_RECORD) {
      throw new StateDictException(
          file, m.name(), "a record of " + m.size() + " bytes where a few are expected");
    }
    ZipContents.Slice s = ZipContents.contents(file, zip, m);
    return new String(s.bytes(), s.offset(), s.length(), StandardCharsets.ISO_8859_1);
  }

  /** Resolves a persistent id: the storage's entry must hold exactly its claimed elements. */
  private PickleValues.Storage storage(
      String key, StoredDType dtype, long numel, String location, TorchGlobals.Refusal r) {
    PickleValues.Storage known = storages.get(key);
    if (known != null) {
      if (known.dtype() != dtype || known.numel() != numel) {
        throw r.refuse(
            "storage '"
                + key
                + "' is named as "
                + numel
                + " "
                + dtype.torchName()
                + " elements, and before as "
                + known.numel()
                + " "
                + known.dtype().torchName());
      }
      return known;
    }
    if (!STORAGE_KEY.matcher(key).matches()) {
      throw r.refuse("a storage key must be 1 to 64 letters, digits or _ but is '" + key + "'");
    }
    StrictZip.Member m = records.get("data/" + key);
    if (m == null) {
      throw r.refuse(
          "the pickle refers to storage '"
              + key
              + "' but the archive has no entry '"
              + prefix
              + "data/"
              + key
              + "'");
    }
    long bytes = numel < 0 || numel > Long.MAX_VALUE / 8 ? -1 : numel * dtype.itemSize();
    if (bytes != m.size()) {
      throw r.refuse(
          "storage '"
              + key
              + "' claims "
              + numel
              + " "
              + dtype.torchName()
              + " elements ("
              + bytes
              + " bytes) but its entry '"
              + m.name()
              + "' holds "
              + m.size()
              + " bytes");
    }
    ZipContents.Slice slice = ZipContents.contents(file, zip, m);
    PickleValues.Storage storage =
        new PickleValues.Storage(key, dtype, numel, slice.bytes(), slice.offset());
    storages.put(key, storage);
    return storage;
  }
}
