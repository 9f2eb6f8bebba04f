package org.torchparity.engine;

import java.util.Locale;
import org.torchparity.spec.InvalidArgumentException;

/**
 * A device as PyTorch spells it: {@code cpu}, {@code cuda} (meaning {@code cuda:0}) or {@code
 * cuda:N}. Parsing checks only the spelling; {@link DeviceResolver} decides whether the loaded
 * engine can provide it.
 */
public final class DeviceSpec {
  /** The device families torch-parity runs on. */
  public enum Type {
    /** The host CPU. */
    CPU,
    /** An NVIDIA GPU through a CUDA build of libtorch. */
    CUDA
  }

  /** The CPU. */
  public static final DeviceSpec CPU = new DeviceSpec(Type.CPU, 0);

  private final Type type;
  private final int index;

  private DeviceSpec(Type type, int index) {
    this.type = type;
    this.index = index;
  }

  /**
   * A CUDA device by index.
   *
   * @param index the device index, from 0
   * @return the spec
   */
  public static DeviceSpec cuda(int index) {
    if (index < 0) {
      throw new InvalidArgumentException(
          "device", "device index must be non-negative but was " + index);
    }
    return new DeviceSpec(Type.CUDA, index);
  }

  /**
   * Parses {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive, surrounding blanks
   * ignored).
   *
   * @param text the device
   * @return the spec
   * @throws InvalidArgumentException naming {@code device} for any other text
   */
  public static DeviceSpec parse(String text) {
    String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if ("cpu".equals(s)) {
      return CPU;
    }
    if ("cuda".equals(s) || "gpu".equals(s)) {
      return cuda(0);
    }
    if (s.startsWith("cuda:")) {
      String digits = s.substring("cuda:".length());
      if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 6) {
        return cuda(Integer.parseInt(digits));
      }
    }
    throw new InvalidArgumentException(
        "device", "device must be 'cpu', 'cuda' or 'cuda:N' but was '" + text + "'");
  }

  /**
   * Returns the family.
   *
   * @return CPU or CUDA
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the device index (0 for the CPU).
   *
   * @return the index
   */
  public int index() {
    return index;
  }

  /**
   * Tells whether this is a CUDA device.
   *
   * @return {@code true} for {@code cuda:N}
   */
  public boolean isCuda() {
    return type == Type.CUDA;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DeviceSpec
        && ((DeviceSpec) other).type == type
        && ((DeviceSpec) other).index == index;
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + index;
  }

  /** Returns PyTorch's spelling: {@code cpu} or {@code cuda:N}. */
  @Override
  public String toString() {
    return type == Type.CPU ? "cpu" : "cuda:" + index;
  }
}
