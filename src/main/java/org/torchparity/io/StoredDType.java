package org.torchparity.io;

import org.torchparity.spec.DType;

/**
 * The element types a weight file can declare, with their size and their names in {@code .npy}
 * ({@code descr} without the byte-order character) and safetensors. Every one is recognised so that
 * its size enters the header checks; only those a {@link DType} holds (float32, float64, int64,
 * bool) become tensors, the others are refused by name.
 */
enum StoredDType {
  BOOL("bool", 1, "b1", "BOOL"),
  UINT8("uint8", 1, "u1", "U8"),
  INT8("int8", 1, "i1", "I8"),
  INT16("int16", 2, "i2", "I16"),
  UINT16("uint16", 2, "u2", "U16"),
  INT32("int32", 4, "i4", "I32"),
  UINT32("uint32", 4, "u4", "U32"),
  INT64("int64", 8, "i8", "I64"),
  UINT64("uint64", 8, "u8", "U64"),
  FLOAT16("float16", 2, "f2", "F16"),
  BFLOAT16("bfloat16", 2, null, "BF16"),
  FLOAT8_E4M3("float8_e4m3fn", 1, null, "F8_E4M3"),
  FLOAT8_E5M2("float8_e5m2", 1, null, "F8_E5M2"),
  FLOAT32("float32", 4, "f4", "F32"),
  FLOAT64("float64", 8, "f8", "F64");

  private final String torchName;
  private final int itemSize;
  private final String npyCode;
  private final String safetensorsName;

  StoredDType(String torchName, int itemSize, String npyCode, String safetensorsName) {
    this.torchName = torchName;
    this.itemSize = itemSize;
    this.npyCode = npyCode;
    this.safetensorsName = safetensorsName;
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
}
