package org.torchparity.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * One tensor exactly as a weight file stores it: its dtype (any of PyTorch's float32, float64,
 * float16, bfloat16, int64, int32, int16, int8, uint8 and bool, and the few more numpy and
 * safetensors name), its shape, and its elements as little-endian bytes in row-major order. This is
 * what {@code weights show} lists and {@code weights convert} copies, bit for bit, between {@code
 * .pt}, {@code .safetensors} and {@code .npz}.
 *
 * <p>{@link Tensor} holds only float32, float64, int64 and bool: {@link #toTensor()} gives those
 * exactly and refuses the others by name; {@link #convertTo(DType)} converts any dtype, as {@code
 * tensor.to(dtype)} does, which is what lenient state-dict loading uses.
 *
 * <p>The bytes may be a read-only view of the file's bytes (a contiguous tensor is not copied), so
 * a stored tensor keeps the file's array alive.
 */
public final class StoredTensor {
  private final StoredDType dtype;
  private final int[] shape;
  private final byte[] array;
  private final int offset;
  private final int length;

  StoredTensor(StoredDType dtype, int[] shape, byte[] array, int offset, int length) {
    this.dtype = dtype;
    this.shape = shape;
    this.array = array;
    this.offset = offset;
    this.length = length;
  }

  /**
   * Stores a tensor's values in its own dtype.
   *
   * @param tensor the values
   * @return the stored form, bit-identical to the tensor
   */
  public static StoredTensor of(Tensor tensor) {
    byte[] bytes = TensorBytes.encode(tensor);
    return new StoredTensor(StoredDType.of(tensor.dtype()), tensor.shape(), bytes, 0, bytes.length);
  }

  /**
   * Wraps raw little-endian row-major bytes of a dtype, for instance float16 weights made
   * elsewhere.
   *
   * @param dtype PyTorch's name ({@code float16}, {@code bfloat16}, {@code int32}, ...)
   * @param shape the dimensions, each non-negative
   * @param littleEndian the elements, exactly {@code numel * itemSize} bytes; copied
   * @return the stored tensor
   * @throws InvalidArgumentException for an unknown dtype or a length that does not fit the shape
   */
  public static StoredTensor of(String dtype, int[] shape, byte[] littleEndian) {
    StoredDType type = dtype == null ? null : StoredDType.ofTorchName(dtype);
    if (type == null) {
      throw new InvalidArgumentException(
          "dtype", "expected a dtype PyTorch names (float16, int32, ...) but got '" + dtype + "'");
    }
    long numel = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw new InvalidArgumentException(
            "shape", "dimensions must be non-negative: " + Arrays.toString(shape));
      }
      numel *= dim; // each dim < 2^31 and the product checked against the array below
      if (numel > Integer.MAX_VALUE) {
        throw new InvalidArgumentException(
            "shape", Arrays.toString(shape) + " holds more elements than an array");
      }
    }
    if (numel * type.itemSize() != littleEndian.length) {
      throw new InvalidArgumentException(
          "littleEndian",
          "shape "
              + Arrays.toString(shape)
              + " of "
              + dtype
              + " needs "
              + numel * type.itemSize()
              + " bytes but "
              + littleEndian.length
              + " were given");
    }
    return new StoredTensor(type, shape.clone(), littleEndian.clone(), 0, littleEndian.length);
  }

  /**
   * Returns the dtype as PyTorch names it, without {@code torch.}.
   *
   * @return {@code float32}, {@code bfloat16}, {@code uint8}, ...
   */
  public String dtype() {
    return dtype.torchName();
  }

  StoredDType storedDType() {
    return dtype;
  }

  /**
   * Returns the dimensions.
   *
   * @return a copy of the shape
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns the number of elements.
   *
   * @return the product of the shape
   */
  public long numel() {
    return length / dtype.itemSize();
  }

  /**
   * Returns the size of the elements in bytes.
   *
   * @return {@code numel() * itemSize}
   */
  public long byteSize() {
    return length;
  }

  /**
   * Returns the elements as a read-only little-endian buffer, from position 0.
   *
   * @return a view of the bytes
   */
  public ByteBuffer data() {
    return ByteBuffer.wrap(array, offset, length)
        .slice()
        .asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Returns a copy of the elements' little-endian bytes.
   *
   * @return the bytes
   */
  public byte[] bytes() {
    return Arrays.copyOfRange(array, offset, offset + length);
  }

  byte[] array() {
    return array;
  }

  int offset() {
    return offset;
  }

  /**
   * Tells whether {@link #toTensor()} gives the values exactly: float32, float64, int64 or bool.
   *
   * @return whether {@link Tensor} holds this dtype
   */
  public boolean fitsTensor() {
    return dtype.tensorType() != null;
  }

  /**
   * Returns the values as a tensor of the same dtype.
   *
   * @return the tensor, bit-identical
   * @throws StateDictException for a dtype {@link Tensor} does not hold, naming it
   */
  public Tensor toTensor() {
    return toTensor(null, null);
  }

  Tensor toTensor(Path file, String key) {
    DType type = dtype.tensorType();
    if (type == null) {
      throw new StateDictException(
          file,
          key,
          "the file holds "
              + dtype.torchName()
              + ", which torch-parity tensors cannot hold (float32, float64, int64 and bool only)");
    }
    return Tensor.read(data(), type, shape);
  }

  /**
   * Returns the values converted to a dtype as {@code tensor.to(dtype)} does: float16 and bfloat16
   * widen exactly, integers and bool convert to the nearest float (or stay integers for int64), and
   * narrowing rounds to nearest even.
   *
   * @param target the dtype wanted
   * @return the converted tensor
   * @throws StateDictException for a dtype without a defined conversion (float8, unsigned 64-bit
   *     beyond int64)
   */
  public Tensor convertTo(DType target) {
    if (fitsTensor()) {
      return toTensor().to(target);
    }
    int count = (int) numel();
    ByteBuffer in = data();
    switch (dtype) {
      case FLOAT16, BFLOAT16 -> {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
          int bits = in.getShort(2 * i) & 0xffff;
          values[i] = dtype == StoredDType.FLOAT16 ? halfToFloat(bits) : bfloat16ToFloat(bits);
        }
        return Tensor.of(target, shape, values);
      }
      case UINT8, INT8, INT16, UINT16, INT32, UINT32 -> {
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
          values[i] = integer(in, i);
        }
        return Tensor.ofLongs(shape, values).to(target);
      }
      default ->
          throw new StateDictException(
              null, null, "no conversion from " + dtype.torchName() + " to " + target.torchName());
    }
  }

  private long integer(ByteBuffer in, int i) {
    return switch (dtype) {
      case UINT8 -> in.get(i) & 0xff;
      case INT8 -> in.get(i);
      case INT16 -> in.getShort(2 * i);
      case UINT16 -> in.getShort(2 * i) & 0xffff;
      case INT32 -> in.getInt(4 * i);
      default -> in.getInt(4 * i) & 0xffffffffL;
    };
  }

  /**
   * Widens IEEE binary16 bits to the float of the same value (exact; a NaN keeps its payload).
   *
   * @param bits the 16 bits, in the low half
   * @return the value
   */
  static float halfToFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f; // subnormal (or zero): exact, mantissa < 2^10
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
  }

  /**
   * Widens bfloat16 bits (the top half of a float's) to that float.
   *
   * @param bits the 16 bits, in the low half
   * @return the value
   */
  static float bfloat16ToFloat(int bits) {
    return Float.intBitsToFloat(bits << 16);
  }

  /**
   * Tells whether two stored tensors have the same dtype, shape and bytes.
   *
   * @param other another object
   * @return whether they are bit-identical
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof StoredTensor o
        && dtype == o.dtype
        && Arrays.equals(shape, o.shape)
        && Arrays.equals(array, offset, offset + length, o.array, o.offset, o.offset + o.length);
  }

  @Override
  public int hashCode() {
    return 31 * dtype.hashCode() + Arrays.hashCode(shape);
  }

  /** Returns the dtype and shape, as {@code float16[2, 3]}. */
  @Override
  public String toString() {
    return dtype.torchName() + Arrays.toString(shape);
  }
}
