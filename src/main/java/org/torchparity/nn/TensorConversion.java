package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/** Moves tensors between torch-parity's {@link Tensor} and DJL's {@link NDArray}. */
public final class TensorConversion {
  /** Values converted per step between a tensor's doubles and a native buffer. */
  private static final int CHUNK = 4096;

  private TensorConversion() {}

  /**
   * Returns DJL's data type for a dtype.
   *
   * @param dtype the dtype
   * @return {@code FLOAT32} or {@code FLOAT64}
   */
  public static DataType dataType(DType dtype) {
    return dtype == DType.FLOAT32 ? DataType.FLOAT32 : DataType.FLOAT64;
  }

  /**
   * Returns the dtype of a DJL data type.
   *
   * @param argument the argument name for the error message
   * @param type DJL's data type
   * @return the dtype
   * @throws InvalidArgumentException for types other than float32 and float64
   */
  public static DType dtype(String argument, DataType type) {
    if (type == DataType.FLOAT32) {
      return DType.FLOAT32;
    }
    if (type == DataType.FLOAT64) {
      return DType.FLOAT64;
    }
    throw new InvalidArgumentException(
        argument, argument + " dtype must be float32 or float64 but was " + type);
  }

  /**
   * Copies a tensor into a new array owned by {@code manager}.
   *
   * @param manager the owner
   * @param tensor the values
   * @return the array, on the manager's device
   */
  public static NDArray toNDArray(NDManager manager, Tensor tensor) {
    Shape shape = shape(tensor.shape());
    if (manager.getDevice().isGpu()) {
      return tensor.dtype() == DType.FLOAT32
          ? manager.create(tensor.toFloatArray(), shape)
          : manager.create(tensor.toDoubleArray(), shape);
    }
    // On the CPU: an uninitialised libtorch array, filled through a view of its own memory. Unlike
    // create(float[]) this makes no temporary array and no direct buffer that only the garbage
    // collector would free.
    NDArray array = manager.create(shape, dataType(tensor.dtype()));
    if (tensor.size() > 0) {
      write(tensor, array.toByteBuffer(true));
    }
    return array;
  }

  /**
   * Writes a tensor's values into a native-order buffer in its dtype (float32 values are cast
   * exactly as {@link Tensor#toFloatArray()} casts them), without an intermediate array of the
   * tensor's size. The buffer's position is left unchanged.
   *
   * @param tensor the values
   * @param target at least {@code tensor.size() * dtype.byteSize()} bytes from its position
   */
  static void write(Tensor tensor, ByteBuffer target) {
    int n = tensor.size();
    if (tensor.dtype() == DType.FLOAT32) {
      FloatBuffer out = target.asFloatBuffer();
      float[] chunk = new float[Math.min(n, CHUNK)];
      for (int base = 0; base < n; base += CHUNK) {
        int len = Math.min(CHUNK, n - base);
        for (int i = 0; i < len; i++) {
          chunk[i] = (float) tensor.getFlat(base + i);
        }
        out.put(chunk, 0, len);
      }
    } else {
      DoubleBuffer out = target.asDoubleBuffer();
      double[] chunk = new double[Math.min(n, CHUNK)];
      for (int base = 0; base < n; base += CHUNK) {
        int len = Math.min(CHUNK, n - base);
        for (int i = 0; i < len; i++) {
          chunk[i] = tensor.getFlat(base + i);
        }
        out.put(chunk, 0, len);
      }
    }
  }

  /**
   * Reads {@code values.length} elements of the given dtype from a native-order buffer into doubles
   * (float32 values widen exactly), without an intermediate array of the full size.
   *
   * @param source the elements, from its position
   * @param dtype their type
   * @param values the destination
   */
  static void read(ByteBuffer source, DType dtype, double[] values) {
    int n = values.length;
    if (dtype == DType.FLOAT32) {
      FloatBuffer in = source.asFloatBuffer();
      float[] chunk = new float[Math.min(n, CHUNK)];
      for (int base = 0; base < n; base += CHUNK) {
        int len = Math.min(CHUNK, n - base);
        in.get(chunk, 0, len);
        for (int i = 0; i < len; i++) {
          values[base + i] = chunk[i];
        }
      }
    } else {
      source.asDoubleBuffer().get(values);
    }
  }

  /**
   * Copies an array's values into a tensor.
   *
   * @param array a float32 or float64 array on any device
   * @return the tensor
   */
  public static Tensor toTensor(NDArray array) {
    DType dtype = dtype("array", array.getDataType());
    int[] shape = intShape(array.getShape());
    double[] values = new double[Math.toIntExact(Tensor.numel(shape))];
    if (values.length > 0) {
      // A view of the native memory, read once. For a non-contiguous array (or one off the CPU)
      // DJL makes a contiguous CPU copy and attaches it to the array's manager, where it would
      // stay until that manager closes: read through an alias that lives in a manager of our own.
      try (NDManager temp = array.getManager().newSubManager()) {
        NDArray alias = array.reshape(array.getShape());
        alias.attach(temp);
        read(alias.toByteBuffer(true), dtype, values);
      }
    }
    return Tensor.wrap(dtype, shape, values);
  }

  /**
   * Converts dimensions to DJL's shape.
   *
   * @param dims the dimensions
   * @return the shape
   */
  public static Shape shape(int[] dims) {
    long[] longs = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      longs[i] = dims[i];
    }
    return new Shape(longs);
  }

  /**
   * Converts DJL's shape to int dimensions.
   *
   * @param shape the shape
   * @return the dimensions
   * @throws InvalidArgumentException when a dimension exceeds {@link Integer#MAX_VALUE}
   */
  public static int[] intShape(Shape shape) {
    long[] dims = shape.getShape();
    int[] result = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
        throw new InvalidArgumentException(
            "shape", "shape " + shape + " has a dimension outside [0, " + Integer.MAX_VALUE + "]");
      }
      result[i] = (int) dims[i];
    }
    return result;
  }
}
