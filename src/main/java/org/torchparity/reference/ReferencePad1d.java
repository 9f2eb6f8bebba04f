package org.torchparity.reference;

import java.util.Map;
import org.torchparity.spec.ConstantPad1dSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ReflectionPad1dSpec;
import org.torchparity.spec.ReplicationPad1dSpec;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.ConstantPad1d}, {@code nn.ReflectionPad1d} and {@code nn.ReplicationPad1d}, row by row
 * along the last axis: output position {@code j} reads input position {@code i = j - left} when it
 * lies in {@code [0, L)}; outside it the constant, the reflection ({@code -i} before, {@code 2(L-1)
 * - i} after) or the nearest edge ({@code clamp(i, 0, L-1)}), the rule of libtorch's kernels, which
 * also covers a negative (cropping) side. The backward pass adds each output gradient onto the
 * position it was read from (the constant's positions take none), in double.
 */
public final class ReferencePad1d implements ReferenceModule {
  private enum Kind {
    CONSTANT,
    REFLECT,
    REPLICATE
  }

  private final ModuleSpec spec;
  private final Kind kind;
  private final int left;
  private final double value;

  /**
   * The reference of one of the three padding modules.
   *
   * @param spec a {@link ConstantPad1dSpec}, {@link ReflectionPad1dSpec} or {@link
   *     ReplicationPad1dSpec}
   */
  public ReferencePad1d(ModuleSpec spec) {
    this.spec = spec;
    if (spec instanceof ConstantPad1dSpec c) {
      kind = Kind.CONSTANT;
      left = c.left();
      value = c.value().doubleValue();
    } else if (spec instanceof ReflectionPad1dSpec r) {
      kind = Kind.REFLECT;
      left = r.left();
      value = 0;
    } else if (spec instanceof ReplicationPad1dSpec r) {
      kind = Kind.REPLICATE;
      left = r.left();
      value = 0;
    } else {
      throw new IllegalArgumentException("not a 1-d padding module: " + spec.typeName());
    }
  }

  /** The input position output position {@code j} reads, or -1 for the constant. */
  private int source(long j, int length) {
    long i = j - left;
    if (i >= 0 && i < length) {
      return (int) i;
    }
    switch (kind) {
      case REFLECT:
        return (int) (i < 0 ? -i : 2L * (length - 1) - i);
      case REPLICATE:
        return i < 0 ? 0 : length - 1;
      default:
        return -1;
    }
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    int[] outShape = spec.outputShape(input.shape());
    int length = input.shape()[input.dim() - 1];
    int outLength = outShape[outShape.length - 1];
    long rows = rows(outShape);
    double[] x = input.toDoubleArray();
    double[] y = new double[Math.toIntExact(rows * outLength)];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < outLength; j++) {
        int s = source(j, length);
        y[r * outLength + j] = s < 0 ? value : x[r * length + s];
      }
    }
    return Tensor.of(input.dtype(), outShape, y);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    int[] outShape = spec.outputShape(input.shape());
    int length = input.shape()[input.dim() - 1];
    int outLength = outShape[outShape.length - 1];
    long rows = rows(outShape);
    double[] g = gradOutput.toDoubleArray();
    double[] gx = new double[input.numel()];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < outLength; j++) {
        int s = source(j, length);
        if (s >= 0) {
          gx[r * length + s] += g[r * outLength + j];
        }
      }
    }
    return new Gradients(Tensor.of(input.dtype(), input.shape(), gx), Map.of());
  }

  private static long rows(int[] shape) {
    long rows = 1;
    for (int d = 0; d < shape.length - 1; d++) {
      rows *= shape[d];
    }
    return rows;
  }
}
