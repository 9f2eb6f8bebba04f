package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/** Moves tensors between torch-parity's {@link Tensor} and DJL's {@link NDArray}. */
final class TensorConversion {
  private TensorConversion() {}

  /**
   * Returns DJL's data type for a dtype.
   *
   * @param dtype the dtype
   * @return DJL's type of the same width
   */
  static DataType dataType(DType dtype) {
    switch (dtype) {
      case FLOAT32:
        return DataType.FLOAT32;
      case FLOAT64:
        return DataType.FLOAT64;
      case INT64:
        return DataType.INT64;
      default:
        return DataType.BOOLEAN;
    }
  }

  /**
   * Returns the dtype of a DJL data type.
   *
   * @param argument the argument name for the error message
   * @param type DJL's data type
   * @return the dtype
   * @throws InvalidArgumentException for types other than float32 and float64
   */
  static DType dtype(String argument, DataType type) {
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
   * Returns the dtype of any DJL data type torch-parity tensors can hold.
   *
   * @param argument the argument name for the error message
   * @param type DJL's data type
   * @return the dtype
   * @throws InvalidArgumentException for types other than float32, float64, int64 and bool
   */
  static DType anyDtype(String argument, DataType type) {
    switch (type) {
      case INT64:
        return DType.INT64;
      case BOOLEAN:
        return DType.BOOL;
      default:
        return dtype(argument, type);
    }
  }

  /**
   * Copies a tensor into a new array owned by {@code manager}.
   *
   * @param manager the owner
   * @param tensor the values
   * @return the array, on the manager's device
   */
  static NDArray toNDArray(NDManager manager, Tensor tensor) {
    Shape shape = shape(tensor.shape());
    if (manager.getDevice().isGpu()) {
      try (NDManager host =
          NDManager.newBaseManager(ai.djl.Device.cpu(), manager.getEngine().getEngineName())) {
        NDArray staged = toNDArray(host, tensor);
        NDArray moved = staged.toDevice(manager.getDevice(), true);
        moved.attach(manager);
        return moved;
      }
    }
    // On the CPU: an uninitialised libtorch array, filled through a view of its own memory. Unlike
    // create(float[]) this makes no temporary array and no direct buffer that only the garbage
    // collector would free.
    NDArray array = manager.create(shape, dataType(tensor.dtype()));
    if (tensor.numel() > 0) {
      tensor.writeTo(array.toByteBuffer(true));
    }
    return array;
  }

  /**
   * Copies an array's values into a tensor.
   *
   * @param array a float32 or float64 array on any device
   * @return the tensor
   */
  static Tensor toTensor(NDArray array) {
    DType dtype = anyDtype("array", array.getDataType());
    int[] shape = intShape(array.getShape());
    if (Tensor.numel(shape) > 0) {
      // A view of the native memory, read once. For a non-contiguous array (or one off the CPU)
      // DJL makes a contiguous CPU copy and attaches it to the array's manager, where it would
      // stay until that manager closes: read through an alias that lives in a manager of our own.
      try (NDManager temp = array.getManager().newSubManager()) {
        NDArray alias = array.reshape(array.getShape());
        alias.attach(temp);
        return Tensor.read(alias.toByteBuffer(true), dtype, shape);
      }
    }
    return Tensor.zeros(dtype, shape);
  }

  /**
   * Converts dimensions to DJL's shape.
   *
   * @param dims the dimensions
   * @return the shape
   */
  static Shape shape(int[] dims) {
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
  static int[] intShape(Shape shape) {
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
