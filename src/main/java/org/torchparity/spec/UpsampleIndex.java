package org.torchparity.spec;

/**
 * Where each output position of a 1-d {@code Upsample} reads from, with libtorch's arithmetic
 * ({@code UpSample.h} and the CPU kernels' index helpers) in its precision, so that the engine
 * (which gathers with these indices) and the reference pick the same source elements as PyTorch.
 * The scale {@code s} is {@code 1 / scale_factor} when the scale reaches the kernel, else {@code L
 * / out} ({@code compute_scales_value}).
 *
 * <ul>
 *   <li>{@code nearest}, forward ({@code HelperInterpNearest}, {@code s} in the op-math type: float
 *       for float32, double for float64): {@code min(floorf(s * d), L-1)};
 *   <li>{@code nearest}, backward ({@code nearest_idx}, float {@code s}): {@code out == L} reads
 *       {@code d}, {@code out == 2L} reads {@code d >> 1}, otherwise {@code min(floorf(d * s),
 *       L-1)}. So where a scale reaches the kernel and {@code out} is {@code L} or {@code 2L}
 *       without the scale being 1 or 2 ({@code scale_factor=1.1} on {@code L = 5}), PyTorch's
 *       gradient goes to other elements than its forward read: torch-parity reproduces both
 *       (measured on PyTorch 1.13; the same helpers are in libtorch 2.7.1's source);
 *   <li>{@code nearest-exact}, forward: {@code min(floorf(max(0, s * (d + 0.5) - 0.5) + 0.5),
 *       L-1)}; backward ({@code nearest_exact_idx}): {@code min(floorf((d + 0.5) * s), L-1)};
 *   <li>{@code linear} ({@code compute_source_index_and_lambda} with {@code
 *       guard_index_and_lambda}, in the op-math type): {@code out == L} copies; otherwise the
 *       source position {@code r = s * d} with {@code align_corners}, else {@code max(0, s * (d +
 *       0.5) - 0.5)}, where {@code s} is {@code (L-1)/(out-1)} with {@code align_corners} (0 when
 *       {@code out == 1}); then {@code i0 = min(floor(r), L-1)}, {@code i1 = i0 + 1} (or {@code i0}
 *       at the end), {@code l1 = clamp(r - i0, 0, 1)}, {@code l0 = 1 - l1}, and {@code y = x[i0] *
 *       l0 + x[i1] * l1} (both products are formed even where a weight is 0, so an infinite
 *       neighbour gives NaN, as in PyTorch). The backward pass uses the same sources and weights.
 * </ul>
 *
 * PyTorch 1.13 formed the linear source position in double for float32 inputs (libtorch 2.7.1 in
 * float); the weights then differ in the last float bit at most, within the float32 tolerance.
 */
public final class UpsampleIndex {
  private UpsampleIndex() {}

  /**
   * The linear mode's two sources and weights per output position.
   *
   * @param index0 the lower source
   * @param index1 the upper source (equal to {@code index0} at the last input element)
   * @param lambda0 the lower weight, a value of the op-math type
   * @param lambda1 the upper weight
   */
  public record Linear(int[] index0, int[] index1, double[] lambda0, double[] lambda1) {}

  /**
   * Returns the source each output position reads in the forward pass, for {@code nearest} or
   * {@code nearest-exact}.
   *
   * @param spec the module (a nearest mode)
   * @param in the input length L
   * @param out the output length
   * @return {@code out} indices in {@code [0, L)}
   */
  public static int[] nearest(UpsampleSpec spec, int in, int out) {
    boolean exact = spec.mode().equals("nearest-exact");
    Double kernelScale = spec.kernelScale();
    int[] index = new int[out];
    for (int d = 0; d < out; d++) {
      double real; // the source position in the op-math type, held exactly in a double
      if (spec.dtype() == DType.FLOAT32) {
        float scale = floatScale(kernelScale, in, out);
        real = exact ? Math.max(0f, scale * ((float) d + 0.5f) - 0.5f) : scale * (float) d;
      } else {
        double scale =
            kernelScale != null && kernelScale > 0 ? 1.0 / kernelScale : (double) in / out;
        real = exact ? Math.max(0.0, scale * (d + 0.5) - 0.5) : scale * d;
      }
      // floorf(real) and floorf(real + 0.5): the argument is narrowed to float first
      long source = (long) Math.floor((float) (exact ? real + 0.5 : real));
      index[d] = (int) Math.min(source, in - 1);
    }
    return index;
  }

  /**
   * Returns the source each output position's gradient goes to in the backward pass, for {@code
   * nearest} ({@code nearest_idx}, with its special cases) or {@code nearest-exact} ({@code
   * nearest_exact_idx}).
   *
   * @param spec the module (a nearest mode)
   * @param in the input length L
   * @param out the output length
   * @return {@code out} indices in {@code [0, L)}
   */
  public static int[] nearestBackward(UpsampleSpec spec, int in, int out) {
    boolean exact = spec.mode().equals("nearest-exact");
    float scale = floatScale(spec.kernelScale(), in, out);
    int[] index = new int[out];
    for (int d = 0; d < out; d++) {
      long source;
      if (!exact && out == in) {
        source = d;
      } else if (!exact && out == 2L * in) {
        source = d >> 1;
      } else if (exact) {
        // floorf((dst_index + 0.5) * scale): a double product, narrowed to float for floorf
        source = (long) Math.floor((float) ((d + 0.5) * scale));
      } else {
        source = (long) Math.floor((float) d * scale);
      }
      index[d] = (int) Math.min(source, in - 1);
    }
    return index;
  }

  /** {@code compute_scales_value<float>}. */
  private static float floatScale(Double kernelScale, int in, int out) {
    return kernelScale != null && kernelScale > 0
        ? (float) (1.0 / kernelScale)
        : (float) in / (float) out;
  }

  /**
   * Returns the sources and weights of each output position for {@code linear}.
   *
   * @param spec the module (mode {@code linear})
   * @param in the input length L
   * @param out the output length
   * @return the sources and weights
   */
  public static Linear linear(UpsampleSpec spec, int in, int out) {
    return spec.dtype() == DType.FLOAT32 ? linearFloat(spec, in, out) : linearDouble(spec, in, out);
  }

  private static Linear linearFloat(UpsampleSpec spec, int in, int out) {
    boolean align = spec.alignCornersValue();
    Double kernelScale = spec.kernelScale();
    float scale;
    if (align) {
      scale = out > 1 ? (float) (in - 1) / (float) (out - 1) : 0f;
    } else {
      scale =
          kernelScale != null && kernelScale > 0 ? (float) (1.0 / kernelScale) : (float) in / out;
    }
    Linear l = new Linear(new int[out], new int[out], new double[out], new double[out]);
    for (int d = 0; d < out; d++) {
      if (out == in) {
        set(l, d, d, d, 1.0, 0.0);
        continue;
      }
      float real = align ? scale * (float) d : scale * ((float) d + 0.5f) - 0.5f;
      if (!align && real < 0) {
        real = 0f;
      }
      int i0 = (int) Math.min((long) Math.floor(real), in - 1);
      float lambda1 = Math.min(Math.max(real - (float) i0, 0f), 1f);
      float lambda0 = 1f - lambda1;
      set(l, d, i0, i0 < in - 1 ? i0 + 1 : i0, lambda0, lambda1);
    }
    return l;
  }

  private static Linear linearDouble(UpsampleSpec spec, int in, int out) {
    boolean align = spec.alignCornersValue();
    Double kernelScale = spec.kernelScale();
    double scale;
    if (align) {
      scale = out > 1 ? (double) (in - 1) / (out - 1) : 0.0;
    } else {
      scale = kernelScale != null && kernelScale > 0 ? 1.0 / kernelScale : (double) in / out;
    }
    Linear l = new Linear(new int[out], new int[out], new double[out], new double[out]);
    for (int d = 0; d < out; d++) {
      if (out == in) {
        set(l, d, d, d, 1.0, 0.0);
        continue;
      }
      double real = align ? scale * d : scale * (d + 0.5) - 0.5;
      if (!align && real < 0) {
        real = 0.0;
      }
      int i0 = (int) Math.min((long) Math.floor(real), in - 1);
      double lambda1 = Math.min(Math.max(real - i0, 0.0), 1.0);
      set(l, d, i0, i0 < in - 1 ? i0 + 1 : i0, 1.0 - lambda1, lambda1);
    }
    return l;
  }

  private static void set(Linear l, int d, int i0, int i1, double lambda0, double lambda1) {
    l.index0()[d] = i0;
    l.index1()[d] = i1;
    l.lambda0()[d] = lambda0;
    l.lambda1()[d] = lambda1;
  }
}
