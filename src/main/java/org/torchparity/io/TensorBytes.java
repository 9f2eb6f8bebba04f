package org.torchparity.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Turns verified raw element bytes into a {@link Tensor} of the file's dtype, and back. Callers
 * have already checked that {@code numel * itemSize} equals the byte count; this class allocates
 * only the tensor that those bytes fill.
 */
final class TensorBytes {
  private TensorBytes() {}

  /** The product of a shape, or a refusal naming the claim when it overflows a long. */
  static long numel(Path file, String key, long[] shape) {
    long product = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new StateDictException(
            file, key, "the shape claims a negative dimension: " + Arrays.toString(shape));
      }
      try {
        product = Math.multiplyExact(product, dim);
      } catch (ArithmeticException e) {
        throw new StateDictException(
            file,
            key,
            "the shape " + Arrays.toString(shape) + " claims more elements than a long counts");
      }
    }
    return product;
  }

  /** The data bytes a shape of a dtype needs, or a refusal when that overflows a long. */
  static long byteCount(Path file, String key, long[] shape, StoredDType dtype) {
    long numel = numel(file, key, shape);
    try {
      return Math.multiplyExact(numel, (long) dtype.itemSize());
    } catch (ArithmeticException e) {
      throw new StateDictException(
          file,
          key,
          "the shape "
              + Arrays.toString(shape)
              + " of "
              + dtype.torchName()
              + " claims more bytes than a long counts");
    }
  }

  /**
   * Decodes {@code numel(shape) * itemSize} bytes at {@code offset} into a tensor.
   *
   * @param fortran whether the bytes are in column-major order (numpy's {@code fortran_order})
   */
  static Tensor decode(
      Path file,
      String key,
      StoredDType stored,
      ByteOrder order,
      long[] shape,
      boolean fortran,
      byte[] bytes,
      int offset) {
    DType dtype = stored.tensorType();
    if (dtype == null) {
      throw new StateDictException(
          file,
          key,
          "the file holds "
              + stored.torchName()
              + ", which torch-parity tensors cannot hold (float32, float64, int64 and bool only)");
    }
    int[] dims = new int[shape.length];
    for (int i = 0; i < dims.length; i++) {
      if (shape[i] > Integer.MAX_VALUE) {
        throw new StateDictException(
            file,
            key,
            "the shape " + Arrays.toString(shape) + " has a dimension over " + Integer.MAX_VALUE);
      }
      dims[i] = (int) shape[i];
    }
    long numel = numel(file, key, shape);
    if (numel > WeightLimits.ARRAY_LIMIT) {
      throw new StateDictException(
          file,
          key,
          "the shape "
              + Arrays.toString(shape)
              + " holds "
              + numel
              + " elements, more than a Java array holds");
    }
    int count = (int) numel;
    long length = numel * stored.itemSize();
    if (offset < 0 || length > bytes.length - (long) offset) {
      throw new StateDictException(
          file,
          key,
          "the shape "
              + Arrays.toString(shape)
              + " needs "
              + length
              + " bytes but only "
              + (bytes.length - (long) offset)
              + " remain");
    }
    ByteBuffer data = ByteBuffer.wrap(bytes, offset, (int) length).slice().order(order);
    int[] source = fortran && dims.length > 1 ? fortranIndex(dims) : null;
    if (source == null) {
      return Tensor.read(data, dtype, dims);
    }
    int width = stored.itemSize();
    ByteBuffer rowMajor = ByteBuffer.allocate((int) length).order(order);
    for (int i = 0; i < count; i++) {
      for (int b = 0; b < width; b++) {
        rowMajor.put(i * width + b, data.get(source[i] * width + b));
      }
    }
    return Tensor.read(rowMajor, dtype, dims);
  }

  /** For each row-major index, the column-major position of the same element. */
  private static int[] fortranIndex(int[] dims) {
    int count = (int) Tensor.numel(dims);
    int[] stride = new int[dims.length];
    int s = 1;
    for (int k = 0; k < dims.length; k++) {
      stride[k] = s;
      s *= dims[k];
    }
    int[] index = new int[dims.length];
    int[] source = new int[count];
    int position = 0;
    for (int i = 0; i < count; i++) {
      source[i] = position;
      for (int k = dims.length - 1; k >= 0; k--) { // advance the row-major counter
        index[k]++;
        position += stride[k];
        if (index[k] < dims[k]) {
          break;
        }
        position -= stride[k] * dims[k];
        index[k] = 0;
      }
    }
    return source;
  }

  /** The tensor's values as little-endian bytes of its own dtype, in row-major order. */
  static byte[] encode(Tensor tensor) {
    int itemSize = tensor.dtype().byteSize();
    long length = (long) tensor.numel() * itemSize;
    if (length > WeightLimits.ARRAY_LIMIT) {
      throw new StateDictException(
          null, null, "a tensor of " + length + " bytes is too large to write in one array");
    }
    ByteBuffer out = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
    tensor.writeTo(out);
    return out.array();
  }
}
