package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/** Moves tensors between torch-parity's {@link Tensor} and DJL's {@link NDArray}. */
public final class TensorConversion {
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
    return tensor.dtype() == DType.FLOAT32
        ? manager.create(tensor.toFloatArray(), shape)
        : manager.create(tensor.toDoubleArray(), shape);
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
    double[] values;
    if (dtype == DType.FLOAT32) {
      float[] floats = array.toFloatArray();
      values = new double[floats.length];
      for (int i = 0; i < floats.length; i++) {
        values[i] = floats[i];
      }
    } else {
      values = array.toDoubleArray();
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
    return new Shape(Arrays.stream(dims).asLongStream().toArray());
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
