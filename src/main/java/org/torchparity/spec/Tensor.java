package org.torchparity.spec;

import java.util.Arrays;

/**
 * An immutable dense tensor in row-major (C) order: a shape, a {@link DType} and its values. This
 * is the engine-free currency of torch-parity: the reference kernels, case files and parity reports
 * exchange tensors in this form, and the facade layers accept and return it beside DJL's {@code
 * NDArray}.
 *
 * <p>Values are held as doubles; a float32 tensor holds only values a float can represent exactly
 * (they are rounded on the way in), so converting to {@code float[]} loses nothing.
 */
public final class Tensor {
  private final DType dtype;
  private final int[] shape;
  private final double[] data;

  private Tensor(DType dtype, int[] shape, double[] data) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = data;
  }

  /**
   * Creates a tensor from a copy of {@code data}, rounding each value to {@code dtype}.
   *
   * @param dtype the element type
   * @param shape the dimensions, each non-negative
   * @param data the values in row-major order; its length must be the product of {@code shape}
   * @return the tensor
   * @throws InvalidArgumentException when a dimension is negative or the length does not match
   */
  public static Tensor of(DType dtype, int[] shape, double[] data) {
    int[] dims = shape.clone();
    long numel = numel(dims);
    if (data.length != numel) {
      throw new InvalidArgumentException(
          "data",
          "data length must be "
              + numel
              + " (the product of shape "
              + Arrays.toString(dims)
              + ") but was "
              + data.length);
    }
    double[] values = new double[data.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = dtype.round(data[i]);
    }
    return new Tensor(dtype, dims, values);
  }

  /**
   * Creates a float32 tensor from a copy of {@code data}.
   *
   * @param shape the dimensions
   * @param data the values in row-major order
   * @return the tensor
   */
  public static Tensor of(int[] shape, float[] data) {
    double[] values = new double[data.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = data[i];
    }
    return of(DType.FLOAT32, shape, values);
  }

  /**
   * Creates a tensor of the given shape with every element equal to {@code value}.
   *
   * @param dtype the element type
   * @param value the fill value, rounded to {@code dtype}
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor full(DType dtype, double value, int... shape) {
    int[] dims = shape.clone();
    double[] values = new double[Math.toIntExact(numel(dims))];
    Arrays.fill(values, dtype.round(value));
    return new Tensor(dtype, dims, values);
  }

  /**
   * Creates a tensor of zeros.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor zeros(DType dtype, int... shape) {
    return full(dtype, 0.0, shape);
  }

  /**
   * Wraps an array this package has just filled, without copying. Values must already be rounded to
   * {@code dtype}. Used by kernels that build a fresh result array.
   *
   * @param dtype the element type
   * @param shape the dimensions (not copied)
   * @param data the values (not copied)
   * @return the tensor
   */
  public static Tensor wrap(DType dtype, int[] shape, double[] data) {
    if (data.length != numel(shape)) {
      throw new InvalidArgumentException(
          "data", "data length must be " + numel(shape) + " but was " + data.length);
    }
    return new Tensor(dtype, shape, data);
  }

  /**
   * Returns the number of elements a shape holds.
   *
   * @param shape the dimensions
   * @return their product
   * @throws InvalidArgumentException when a dimension is negative or the product exceeds {@link
   *     Integer#MAX_VALUE}
   */
  public static long numel(int[] shape) {
    long product = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw new InvalidArgumentException(
            "shape",
            "shape dimensions must be non-negative but shape was " + Arrays.toString(shape));
      }
      product *= dim;
      if (product > Integer.MAX_VALUE) {
        throw new InvalidArgumentException(
            "shape",
            "shape "
                + Arrays.toString(shape)
                + " holds more than "
                + Integer.MAX_VALUE
                + " elements");
      }
    }
    return product;
  }

  /**
   * Returns the element type.
   *
   * @return the dtype
   */
  public DType dtype() {
    return dtype;
  }

  /**
   * Returns a copy of the dimensions.
   *
   * @return the shape
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns the number of dimensions.
   *
   * @return the rank
   */
  public int rank() {
    return shape.length;
  }

  /**
   * Returns one dimension; negative indices count from the end, as in PyTorch.
   *
   * @param axis the axis
   * @return its size
   */
  public int dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  /**
   * Returns the number of elements.
   *
   * @return the product of the shape
   */
  public int size() {
    return data.length;
  }

  /**
   * Returns one element by its flat row-major index.
   *
   * @param flatIndex the index
   * @return the value
   */
  public double getFlat(int flatIndex) {
    return data[flatIndex];
  }

  /**
   * Returns one element by its full index.
   *
   * @param index one index per dimension
   * @return the value
   */
  public double get(int... index) {
    return data[flatIndex(index)];
  }

  /**
   * Converts a full index to the flat row-major index.
   *
   * @param index one index per dimension
   * @return the flat index
   * @throws IndexOutOfBoundsException when an index is outside its dimension
   */
  public int flatIndex(int... index) {
    if (index.length != shape.length) {
      throw new IndexOutOfBoundsException(
          "index " + Arrays.toString(index) + " does not match shape " + Arrays.toString(shape));
    }
    int flat = 0;
    for (int i = 0; i < shape.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " is outside shape " + Arrays.toString(shape));
      }
      flat = flat * shape[i] + index[i];
    }
    return flat;
  }

  /**
   * Returns a copy of the values as doubles.
   *
   * @return the values in row-major order
   */
  public double[] toDoubleArray() {
    return data.clone();
  }

  /**
   * Returns the values as floats (exact for float32 tensors, rounded for float64 ones).
   *
   * @return the values in row-major order
   */
  public float[] toFloatArray() {
    float[] values = new float[data.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) data[i];
    }
    return values;
  }

  /**
   * Copies the values into {@code target} starting at {@code offset}, without allocating.
   *
   * @param target the destination
   * @param offset where the first value goes
   */
  public void copyTo(double[] target, int offset) {
    System.arraycopy(data, 0, target, offset, data.length);
  }

  /**
   * Returns the same values under another shape with the same number of elements.
   *
   * @param newShape the dimensions
   * @return the reshaped tensor
   */
  public Tensor reshape(int... newShape) {
    if (numel(newShape) != data.length) {
      throw new InvalidArgumentException(
          "shape",
          "cannot reshape "
              + Arrays.toString(shape)
              + " ("
              + data.length
              + " elements) to "
              + Arrays.toString(newShape));
    }
    return new Tensor(dtype, newShape.clone(), data);
  }

  /**
   * Returns the values converted to another dtype (rounded when narrowing).
   *
   * @param target the dtype
   * @return this tensor when the dtype already matches, else a converted copy
   */
  public Tensor to(DType target) {
    return target == dtype ? this : of(target, shape, data);
  }

  /**
   * Tells whether two tensors have the same dtype, shape and bit-identical values (NaNs of any
   * payload compare equal; {@code -0.0} differs from {@code 0.0}).
   */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Tensor)) {
      return false;
    }
    Tensor that = (Tensor) other;
    return dtype == that.dtype
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  /** Returns a one-line summary such as {@code Tensor(float32, [1, 1, 2])}. */
  @Override
  public String toString() {
    return "Tensor(" + dtype.torchName() + ", " + Arrays.toString(shape) + ")";
  }
}
