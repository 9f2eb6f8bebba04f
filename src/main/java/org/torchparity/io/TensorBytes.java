package org.torchparity.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import org.torchparity.spec.Tensor;

/**
 * Turns verified raw element bytes into a {@link StoredTensor} of the file's dtype, and a {@link
 * Tensor} into bytes. Callers have already checked that {@code numel * itemSize} equals the byte
 * count; this class allocates at most the tensor that those bytes fill.
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
   * Takes {@code numel(shape) * itemSize} bytes at {@code offset} as a stored tensor: a view of
   * {@code bytes} when they already are little-endian and row-major, else a reordered copy.
   *
   * @param fortran whether the bytes are in column-major order (numpy's {@code fortran_order})
   */
  static StoredTensor stored(
      Path file,
      String key,
      StoredDType stored,
      ByteOrder order,
      long[] shape,
      boolean fortran,
      byte[] bytes,
      int offset) {
    int[] dims = intShape(file, key, shape);
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
    int width = stored.itemSize();
    boolean swap = width > 1 && order != ByteOrder.LITTLE_ENDIAN;
    int[] source = fortran && dims.length > 1 ? fortranIndex(dims) : null;
    if (source == null && !swap) {
      return new StoredTensor(stored, dims, bytes, offset, (int) length);
    }
    byte[] out = new byte[(int) length];
    for (int i = 0; i < count; i++) {
      int from = offset + (source == null ? i : source[i]) * width;
      for (int b = 0; b < width; b++) {
        out[i * width + b] = bytes[from + (swap ? width - 1 - b : b)];
      }
    }
    return new StoredTensor(stored, dims, out, 0, out.length);
  }

  /** The shape as ints, refusing a dimension over {@code Integer.MAX_VALUE}. */
  static int[] intShape(Path file, String key, long[] shape) {
    int[] dims = new int[shape.length];
    for (int i = 0; i < dims.length; i++) {
      if (shape[i] > Integer.MAX_VALUE || shape[i] < 0) {
        throw new StateDictException(
            file,
            key,
            "the shape "
                + Arrays.toString(shape)
                + " has a dimension outside [0, "
                + Integer.MAX_VALUE
                + "]");
      }
      dims[i] = (int) shape[i];
    }
    return dims;
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
