package org.torchparity.spec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * An immutable dense tensor in row-major (C) order: a shape, a {@link DType} and its values. This
 * is the engine-free currency of torch-parity: the reference kernels, case files and parity reports
 * exchange tensors in this form, and the modules accept and return it beside DJL's {@code NDArray}.
 *
 * <p>The names follow PyTorch: {@link #size()} is the shape, {@link #size(int)} one dimension,
 * {@link #dim()} the number of dimensions and {@link #numel()} the number of elements. Values are
 * stored in the dtype's own width: a float32 tensor holds a {@code float[]}, a float64 one a {@code
 * double[]}, int64 and bool ones a {@code long[]} (bool as 0 and 1).
 */
public final class Tensor {
  private final DType dtype;
  private final int[] shape;
  private final TensorValues values;

  private Tensor(DType dtype, int[] shape, TensorValues values) {
    this.dtype = dtype;
    this.shape = shape;
    this.values = values;
  }

  /**
   * Creates a tensor from a copy of {@code data}, rounding each value to {@code dtype} (as a cast
   * does: round-half-even for float32, truncation for int64, non-zero is true for bool).
   *
   * @param dtype the element type
   * @param shape the dimensions, each non-negative
   * @param data the values in row-major order; its length must be the product of {@code shape}
   * @return the tensor
   * @throws InvalidArgumentException when a dimension is negative or the length does not match
   */
  public static Tensor of(DType dtype, int[] shape, double[] data) {
    return new Tensor(dtype, checkedShape(shape, data.length), TensorValues.rounded(dtype, data));
  }

  /**
   * Creates a float32 tensor from a copy of {@code data}.
   *
   * @param shape the dimensions
   * @param data the values in row-major order
   * @return the tensor
   */
  public static Tensor of(int[] shape, float[] data) {
    return new Tensor(
        DType.FLOAT32, checkedShape(shape, data.length), TensorValues.ofFloats(data.clone()));
  }

  /**
   * Creates a float64 tensor from a copy of {@code data}.
   *
   * @param shape the dimensions
   * @param data the values in row-major order
   * @return the tensor
   */
  public static Tensor of(int[] shape, double[] data) {
    return of(DType.FLOAT64, shape, data);
  }

  /**
   * Creates an int64 tensor from a copy of {@code data}, for indices and counters.
   *
   * @param shape the dimensions
   * @param data the values in row-major order
   * @return the tensor
   */
  public static Tensor ofLongs(int[] shape, long[] data) {
    return new Tensor(
        DType.INT64, checkedShape(shape, data.length), TensorValues.ofLongs(data.clone()));
  }

  /**
   * Creates a bool tensor from a copy of {@code data}.
   *
   * @param shape the dimensions
   * @param data the values in row-major order
   * @return the tensor
   */
  public static Tensor ofBools(int[] shape, boolean[] data) {
    long[] values = new long[data.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = data[i] ? 1 : 0;
    }
    return new Tensor(DType.BOOL, checkedShape(shape, data.length), TensorValues.ofLongs(values));
  }

  /**
   * Creates a tensor with every element equal to {@code value}, as {@code torch.full(size,
   * fill_value, dtype=dtype)}.
   *
   * @param shape the dimensions
   * @param value the fill value, rounded to {@code dtype}
   * @param dtype the element type
   * @return the tensor
   */
  public static Tensor full(int[] shape, double value, DType dtype) {
    double[] values = new double[Math.toIntExact(numel(shape))];
    Arrays.fill(values, value);
    return of(dtype, shape, values);
  }

  /**
   * Creates a float32 tensor with every element equal to {@code value}, as {@code torch.full(size,
   * fill_value)}.
   *
   * @param shape the dimensions
   * @param value the fill value
   * @return the tensor
   */
  public static Tensor full(int[] shape, double value) {
    return full(shape, value, DType.FLOAT32);
  }

  /**
   * Creates a tensor of zeros, as {@code torch.zeros(*shape, dtype=dtype)}.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor zeros(DType dtype, int... shape) {
    return full(shape, 0.0, dtype);
  }

  /**
   * Creates a tensor of ones, as {@code torch.ones(*shape, dtype=dtype)}.
   *
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor ones(DType dtype, int... shape) {
    return full(shape, 1.0, dtype);
  }

  private static int[] checkedShape(int[] shape, int length) {
    int[] dims = shape.clone();
    long numel = numel(dims);
    if (length != numel) {
      throw new InvalidArgumentException(
          "data",
          "data length must be "
              + numel
              + " (the product of shape "
              + Arrays.toString(dims)
              + ") but was "
              + length);
    }
    return dims;
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
   * Returns a copy of the dimensions, as PyTorch's {@code tensor.size()}.
   *
   * @return the shape
   */
  public int[] size() {
    return shape.clone();
  }

  /**
   * Returns one dimension, as PyTorch's {@code tensor.size(dim)}; negative indices count from the
   * end.
   *
   * @param dim the dimension
   * @return its size
   * @throws IndexOutOfBoundsException when {@code dim} is outside {@code [-dim(), dim())}
   */
  public int size(int dim) {
    int axis = dim < 0 ? shape.length + dim : dim;
    if (axis < 0 || axis >= shape.length) {
      throw new IndexOutOfBoundsException(
          "Dimension out of range (expected to be in range of ["
              + -shape.length
              + ", "
              + (shape.length - 1)
              + "], but got "
              + dim
              + ")");
    }
    return shape[axis];
  }

  /**
   * Returns a copy of the dimensions, as PyTorch's {@code tensor.shape}.
   *
   * @return the shape
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns the number of dimensions, as PyTorch's {@code tensor.dim()}.
   *
   * @return the rank
   */
  public int dim() {
    return shape.length;
  }

  /**
   * Returns the number of elements, as PyTorch's {@code tensor.numel()}.
   *
   * @return the product of the shape
   */
  public int numel() {
    return values.length();
  }

  /**
   * Returns one element by its flat row-major index, as a double (exact for float32 and float64,
   * and for int64 values up to 2^53 in magnitude).
   *
   * @param flatIndex the index
   * @return the value
   */
  public double getFlat(int flatIndex) {
    return values.get(flatIndex);
  }

  /**
   * Returns one element by its full index.
   *
   * @param index one index per dimension
   * @return the value
   */
  public double get(int... index) {
    return getFlat(flatIndex(index));
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
    return values.toDoubles();
  }

  /**
   * Returns the values as floats (exact for float32 tensors, rounded for the others).
   *
   * @return the values in row-major order
   */
  public float[] toFloatArray() {
    return values.toFloats();
  }

  /**
   * Returns the values as longs (exact for int64 and bool, truncated towards zero for floats).
   *
   * @return the values in row-major order
   */
  public long[] toLongArray() {
    return values.toLongs();
  }

  /**
   * Copies the values into {@code target} starting at {@code offset}, without allocating.
   *
   * @param target the destination
   * @param offset where the first value goes
   */
  public void copyTo(double[] target, int offset) {
    values.copyTo(target, offset);
  }

  /**
   * Copies the values into {@code target} starting at {@code offset} as floats, without allocating.
   *
   * @param target the destination
   * @param offset where the first value goes
   */
  public void copyTo(float[] target, int offset) {
    values.copyTo(target, offset);
  }

  /**
   * Writes the values into {@code target} in the tensor's dtype and the buffer's byte order (bool
   * as one byte 0 or 1), from the buffer's position, which is left unchanged.
   *
   * @param target at least {@code numel() * dtype().byteSize()} bytes from its position
   */
  public void writeTo(ByteBuffer target) {
    values.writeTo(target, dtype);
  }

  /**
   * Reads a tensor from {@code source} in the dtype's width and the buffer's byte order, from the
   * buffer's position, which is left unchanged. A bool byte other than 0 reads as true.
   *
   * @param source at least {@code numel(shape) * dtype.byteSize()} bytes from its position
   * @param dtype the element type
   * @param shape the dimensions
   * @return the tensor
   */
  public static Tensor read(ByteBuffer source, DType dtype, int... shape) {
    int[] dims = shape.clone();
    return new Tensor(dtype, dims, TensorValues.read(source, dtype, Math.toIntExact(numel(dims))));
  }

  /**
   * Returns the same values under another shape with the same number of elements.
   *
   * @param newShape the dimensions
   * @return the reshaped tensor
   */
  public Tensor reshape(int... newShape) {
    if (numel(newShape) != numel()) {
      throw new InvalidArgumentException(
          "shape",
          "cannot reshape "
              + Arrays.toString(shape)
              + " ("
              + numel()
              + " elements) to "
              + Arrays.toString(newShape));
    }
    return new Tensor(dtype, newShape.clone(), values);
  }

  /**
   * Returns the values converted to another dtype (rounded when narrowing), as {@code
   * tensor.to(dtype)}.
   *
   * @param target the dtype
   * @return this tensor when the dtype already matches, else a converted copy
   */
  public Tensor to(DType target) {
    if (target == dtype) {
      return this;
    }
    if (values.holdsLongs() && !target.isFloatingPoint()) {
      long[] converted = values.toLongs();
      if (target == DType.BOOL) {
        for (int i = 0; i < converted.length; i++) {
          converted[i] = converted[i] != 0 ? 1 : 0;
        }
      }
      return new Tensor(target, shape, TensorValues.ofLongs(converted));
    }
    return of(target, shape, toDoubleArray());
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
    return dtype == that.dtype && Arrays.equals(shape, that.shape) && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + values.hashCode();
  }

  /** Returns a one-line summary such as {@code Tensor(float32, [1, 1, 2])}. */
  @Override
  public String toString() {
    return "Tensor(" + dtype.torchName() + ", " + Arrays.toString(shape) + ")";
  }
}
