package org.torchparity.io;

import org.torchparity.spec.DType;

/**
 * The element types a weight file can declare, with their size and their names in {@code .npy}
 * ({@code descr} without the byte-order character), safetensors and {@code torch.save} (the storage
 * type, {@code FloatStorage}). Every one is recognised so that its size enters the header checks;
 * {@link StoredTensor} carries any of them, and only those a {@link DType} holds (float32, float64,
 * int64, bool) become tensors as they are, the others by conversion or not at all.
 */
enum StoredDType {
  BOOL("bool", 1, "b1", "BOOL", "BoolStorage"),
  UINT8("uint8", 1, "u1", "U8", "ByteStorage"),
  INT8("int8", 1, "i1", "I8", "CharStorage"),
  INT16("int16", 2, "i2", "I16", "ShortStorage"),
  UINT16("uint16", 2, "u2", "U16", null),
  INT32("int32", 4, "i4", "I32", "IntStorage"),
  UINT32("uint32", 4, "u4", "U32", null),
  INT64("int64", 8, "i8", "I64", "LongStorage"),
  UINT64("uint64", 8, "u8", "U64", null),
  FLOAT16("float16", 2, "f2", "F16", "HalfStorage"),
  BFLOAT16("bfloat16", 2, null, "BF16", "BFloat16Storage"),
  FLOAT8_E4M3("float8_e4m3fn", 1, null, "F8_E4M3", null),
  FLOAT8_E5M2("float8_e5m2", 1, null, "F8_E5M2", null),
  FLOAT32("float32", 4, "f4", "F32", "FloatStorage"),
  FLOAT64("float64", 8, "f8", "F64", "DoubleStorage");

  private final String torchName;
  private final int itemSize;
  private final String npyCode;
  private final String safetensorsName;
  private final String storageName;

  StoredDType(
      String torchName, int itemSize, String npyCode, String safetensorsName, String storageName) {
    this.torchName = torchName;
    this.itemSize = itemSize;
    this.npyCode = npyCode;
    this.safetensorsName = safetensorsName;
    this.storageName = storageName;
  }

  /** PyTorch's name, without {@code torch.}. */
  String torchName() {
    return torchName;
  }

  /** Bytes per element. */
  int itemSize() {
    return itemSize;
  }

  /** The {@code .npy} type code ({@code f4}), or {@code null} where numpy has none. */
  String npyCode() {
    return npyCode;
  }

  /** The safetensors name ({@code F32}). */
  String safetensorsName() {
    return safetensorsName;
  }

  /**
   * The {@code torch.save} storage type ({@code FloatStorage}), or {@code null} where PyTorch 1.13
   * has none.
   */
  String storageName() {
    return storageName;
  }

  /** The tensor type that holds these values, or {@code null} when {@link DType} has none. */
  DType tensorType() {
    return switch (this) {
      case FLOAT32 -> DType.FLOAT32;
      case FLOAT64 -> DType.FLOAT64;
      case INT64 -> DType.INT64;
      case BOOL -> DType.BOOL;
      default -> null;
    };
  }

  /** The stored type of a tensor type. */
  static StoredDType of(DType dtype) {
    return switch (dtype) {
      case FLOAT32 -> FLOAT32;
      case FLOAT64 -> FLOAT64;
      case INT64 -> INT64;
      case BOOL -> BOOL;
    };
  }

  /** The type of a {@code .npy} code such as {@code f4}, or {@code null} if none has it. */
  static StoredDType ofNpyCode(String code) {
    for (StoredDType t : values()) {
      if (code.equals(t.npyCode)) {
        return t;
      }
    }
    return null;
  }

  /** The type of a safetensors name such as {@code F32}, or {@code null} if none has it. */
  static StoredDType ofSafetensorsName(String name) {
    for (StoredDType t : values()) {
      if (name.equals(t.safetensorsName)) {
        return t;
      }
    }
    return null;
  }

  /**
   * The type of a storage type name such as {@code FloatStorage}, or {@code null} if none has it.
   */
  static StoredDType ofStorageName(String name) {
    for (StoredDType t : values()) {
      if (name.equals(t.storageName)) {
        return t;
      }
    }
    return null;
  }

  /** The type PyTorch names so ({@code float16}, without {@code torch.}), or {@code null}. */
  static StoredDType ofTorchName(String name) {
    for (StoredDType t : values()) {
      if (name.equals(t.torchName)) {
        return t;
      }
    }
    return null;
  }

  /** The storage type names {@code torch.save} writes, for messages. */
  static String storageNames() {
    StringBuilder out = new StringBuilder();
    for (StoredDType t : values()) {
      if (t.storageName != null) {
        out.append(out.length() == 0 ? "" : ", ").append(t.storageName);
      }
    }
    return out.toString();
  }
}
