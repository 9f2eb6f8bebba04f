package org.torchparity.spec;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A tensor's values in their dtype's own width: a {@code float[]} for float32, a {@code double[]}
 * for float64, a {@code long[]} for int64 and bool (0 and 1). Exactly one array is set; it is never
 * written after construction, so tensors can share it.
 */
final class TensorValues {
  private final float[] floats;
  private final double[] doubles;
  private final long[] longs;

  private TensorValues(float[] floats, double[] doubles, long[] longs) {
    this.floats = floats;
    this.doubles = doubles;
    this.longs = longs;
  }

  /** Takes ownership of {@code values}. */
  static TensorValues ofFloats(float[] values) {
    return new TensorValues(values, null, null);
  }

  /** Takes ownership of {@code values}. */
  static TensorValues ofDoubles(double[] values) {
    return new TensorValues(null, values, null);
  }

  /** Takes ownership of {@code values}, which must already be 0 or 1 for bool. */
  static TensorValues ofLongs(long[] values) {
    return new TensorValues(null, null, values);
  }

  /** Copies {@code data}, rounding each value as a cast to {@code dtype} does. */
  static TensorValues rounded(DType dtype, double[] data) {
    switch (dtype) {
      case FLOAT32:
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) data[i];
        }
        return ofFloats(f);
      case FLOAT64:
        return ofDoubles(data.clone());
      default:
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) {
          l[i] = (long) dtype.round(data[i]);
        }
        return ofLongs(l);
    }
  }

  /** Reads {@code n} values of {@code dtype} from the buffer's position, in its byte order. */
  static TensorValues read(ByteBuffer source, DType dtype, int n) {
    switch (dtype) {
      case FLOAT32:
        float[] f = new float[n];
        source.asFloatBuffer().get(f);
        return ofFloats(f);
      case FLOAT64:
        double[] d = new double[n];
        source.asDoubleBuffer().get(d);
        return ofDoubles(d);
      case INT64:
        long[] l = new long[n];
        source.asLongBuffer().get(l);
        return ofLongs(l);
      default:
        long[] b = new long[n];
        ByteBuffer bytes = source.duplicate();
        for (int i = 0; i < n; i++) {
          b[i] = bytes.get() != 0 ? 1 : 0;
        }
        return ofLongs(b);
    }
  }

  /** Writes the values in {@code dtype}'s width from the buffer's position, in its byte order. */
  void writeTo(ByteBuffer target, DType dtype) {
    switch (dtype) {
      case FLOAT32:
        target.asFloatBuffer().put(floats);
        break;
      case FLOAT64:
        target.asDoubleBuffer().put(doubles);
        break;
      case INT64:
        target.asLongBuffer().put(longs);
        break;
      default:
        ByteBuffer bytes = target.duplicate();
        for (long value : longs) {
          bytes.put((byte) value);
        }
    }
  }

  int length() {
    return floats != null ? floats.length : doubles != null ? doubles.length : longs.length;
  }

  double get(int i) {
    return floats != null ? floats[i] : doubles != null ? doubles[i] : (double) longs[i];
  }

  boolean holdsLongs() {
    return longs != null;
  }

  double[] toDoubles() {
    if (doubles != null) {
      return doubles.clone();
    }
    double[] values = new double[length()];
    copyTo(values, 0);
    return values;
  }

  float[] toFloats() {
    if (floats != null) {
      return floats.clone();
    }
    float[] values = new float[length()];
    copyTo(values, 0);
    return values;
  }

  long[] toLongs() {
    if (longs != null) {
      return longs.clone();
    }
    long[] values = new long[length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) get(i);
    }
    return values;
  }

  void copyTo(double[] target, int offset) {
    if (doubles != null) {
      System.arraycopy(doubles, 0, target, offset, doubles.length);
      return;
    }
    int n = length();
    for (int i = 0; i < n; i++) {
      target[offset + i] = get(i);
    }
  }

  void copyTo(float[] target, int offset) {
    if (floats != null) {
      System.arraycopy(floats, 0, target, offset, floats.length);
      return;
    }
    int n = length();
    for (int i = 0; i < n; i++) {
      target[offset + i] = (float) get(i);
    }
  }

  /** Bit-identical values (NaNs of any payload equal; {@code -0.0} differs from {@code 0.0}). */
  @Override
  public boolean equals(Object other) {
    return other instanceof TensorValues that
        && Arrays.equals(floats, that.floats)
        && Arrays.equals(doubles, that.doubles)
        && Arrays.equals(longs, that.longs);
  }

  @Override
  public int hashCode() {
    return floats != null
        ? Arrays.hashCode(floats)
        : doubles != null ? Arrays.hashCode(doubles) : Arrays.hashCode(longs);
  }
}
