package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.OneDnnGuard;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.PaddingMode;

/**
 * The engine-side forward passes, on batched {@code (N, C, L)} arrays, built on DJL's {@code
 * Conv1d.conv1d} (libtorch's {@code torch::conv1d}). Results attach to the input's manager.
 */
final class EngineConv {
  /**
   * One-axis shapes for small values, made once: DJL's {@code Shape} constructor runs two streams,
   * and a tiny convolution would otherwise build three of them per call.
   */
  private static final Shape[] SMALL_SHAPES = new Shape[64];

  static {
    for (int i = 0; i < SMALL_SHAPES.length; i++) {
      SMALL_SHAPES[i] = new Shape(i);
    }
  }

  private EngineConv() {}

  /** Returns the one-axis shape {@code (value)}, shared for small values (shapes are immutable). */
  static Shape shape1(int value) {
    return value >= 0 && value < SMALL_SHAPES.length ? SMALL_SHAPES[value] : new Shape(value);
  }

  /**
   * Runs either layer on a batched or unbatched input; every result joins {@code x}'s manager.
   *
   * @param spec the layer's arguments
   * @param x {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param weight the weight as PyTorch shapes it (ConvTranspose1d: {@code (C_in, C_out/g, k)})
   * @param bias the bias or {@code null}
   * @param outputPadding ConvTranspose1d's output padding (ignored by Conv1d)
   * @return the output, batched exactly when {@code x} is
   */
  static NDArray forward(
      ConvSpec spec, NDArray x, NDArray weight, NDArray bias, int outputPadding) {
    boolean unbatched = x.getShape().dimension() == 2;
    NDArray x3 = unbatched ? x.expandDims(0) : x;
    NDArray y3 =
        spec.transposed()
            ? transposed(spec, x3, weight, null, bias, outputPadding)
            : conv1d(spec, x3, weight, bias);
    return unbatched ? y3.squeeze(0) : y3;
  }

  /**
   * Computes the gradients of either layer with libtorch's autograd, the second engine route that
   * the {@code engine-autograd} kernel uses to cross-check {@link EngineBackward} (the route the
   * layers use): the forward pass is recorded with {@code x}, {@code weight} and {@code bias} as
   * leaves and {@code gradOutput} is passed straight to {@code torch::autograd::backward}, so the
   * gradient kernels are libtorch's own.
   *
   * <p>This goes through {@code JniUtils} rather than DJL's {@code GradientCollector}: the
   * collector admits one collecting instance per process (a static flag) and seeds the backward
   * pass with ones, while this path needs neither. libtorch's grad mode is thread-local; it is
   * switched on for this thread only and restored afterwards. The recorded forward pass runs like
   * any forward pass (oneDNN on, shared lock); the backward pass itself runs one at a time with
   * oneDNN off ({@link OneDnnGuard}), because libtorch 2.7.1's oneDNN conv backward gives a wrong
   * grad_input on some CPUs.
   *
   * @return grad_input, grad_weight and grad_bias ({@code null} without bias), attached to the
   *     inputs' managers
   */
  static NDArray[] autogradBackward(
      ConvSpec spec, NDArray x, NDArray weight, NDArray bias, NDArray gradOutput) {
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      x.setRequiresGradient(true);
      weight.setRequiresGradient(true);
      if (bias != null) {
        bias.setRequiresGradient(true);
      }
      // Recording is a forward pass: oneDNN on, under the read lock (inside conv1d), 2-3 times
      // faster than libtorch's own kernels. libtorch picks the convolution's backward kernel when
      // the backward pass runs, not when the forward was recorded, so only the backward pass
      // needs oneDNN off.
      NDArray y = forward(spec, x, weight, bias, spec.outputPadding());
      OneDnnGuard.backward(
          () -> {
            JniUtils.backward((PtNDArray) y, (PtNDArray) gradOutput, false, false);
            return null;
          });
      return new NDArray[] {
        x.getGradient(), weight.getGradient(), bias == null ? null : bias.getGradient()
      };
    } finally {
      JniUtils.setGradMode(wasEnabled);
    }
  }

  /**
   * Conv1d forward with every padding form PyTorch offers.
   *
   * <p>Zeros padding goes to libtorch's own padding argument; when {@code padding="same"} needs one
   * more element on the right than on the left, that element is added first with a constant pad, as
   * PyTorch's {@code _convolution_mode} does. Other modes pad through {@link PaddingAdapter} and
   * convolve with padding 0, as {@code nn.Conv1d._conv_forward} does. Paddings are 64-bit: {@code
   * same} at dilation {@code 2^30} pads {@code 2^30} or more on each side, which libtorch handles
   * without building the padded input.
   */
  static NDArray conv1d(ConvSpec spec, NDArray x, NDArray weight, NDArray bias) {
    long left = spec.padLeft();
    long right = spec.padRight();
    NDArray input = x;
    long convPadding = 0;
    if (spec.paddingMode() == PaddingMode.ZEROS) {
      if (right != left) {
        input = x.pad(new Shape(0, right - left), 0.0);
      }
      convPadding = left;
    } else {
      input = PaddingAdapter.pad(x, spec.paddingMode(), left, right);
    }
    return convolve(
        input, weight, bias, spec.stride(), convPadding, spec.dilation(), spec.groups());
  }

  /**
   * ConvTranspose1d forward. Two routes give the same values for finite weights:
   *
   * <ul>
   *   <li><b>Zero-stuffed</b> (the usual one, a single oneDNN convolution): the input is
   *       zero-stuffed ({@code stride - 1} zeros between samples), padded with {@code
   *       dilation*(k-1) - padding} zeros on the left and that plus {@code outputPadding} on the
   *       right (a negative amount crops), and convolved with the kernel transposed per group and
   *       flipped ({@link #transposeWeight}). This is the textbook identity behind {@code
   *       conv_transpose1d}.
   *   <li><b>Scatter</b> ({@link #scatterTransposed}), PyTorch's own formula: taken when the
   *       stuffed input would be much longer than the input and output together (a stride of {@code
   *       2^28} stuffs {@code 2^28} zeros per sample, where PyTorch answers at once), and when the
   *       weight holds a {@code nan} or an {@code inf}: the stuffed route multiplies every tap by
   *       the stuffed zeros ({@code inf * 0 = nan}), PyTorch never forms those products.
   * </ul>
   *
   * Every step is an autograd-aware engine op, so the {@code engine-autograd} route can
   * differentiate either. DJL's own {@code deconvolution} throws {@code
   * UnsupportedOperationException} on the PyTorch engine.
   *
   * @param convWeight the kernel already in convolution form, from {@link #transposeWeight}
   */
  static NDArray convTranspose1d(
      ConvSpec spec, NDArray x, NDArray convWeight, NDArray bias, int outputPadding) {
    long length = x.getShape().get(2);
    long edge = spec.effectiveKernelSize() - 1 - spec.padding().amount();
    long outLength =
        (length - 1) * spec.stride()
            - 2L * spec.padding().amount()
            + spec.effectiveKernelSize()
            + outputPadding;
    if (stuffedIsProportional(length, spec.stride(), edge, edge + outputPadding, outLength)
        && allFinite(convWeight)) {
      return transposedCorrelation(
          x,
          convWeight,
          bias,
          spec.stride(),
          edge,
          edge + outputPadding,
          spec.dilation(),
          spec.groups());
    }
    return scatterTransposed(
        x,
        untransposeWeight(joinCall(x, convWeight.reshape(convWeight.getShape())), spec.groups()),
        bias,
        spec.stride(),
        spec.dilation(),
        spec.groups(),
        spec.padding().amount(),
        outLength);
  }

  /**
   * ConvTranspose1d on {@code (N, C_in, L)} by the route that fits: {@link TransposedPhases} where
   * it applies and the weight is finite, else {@link #convTranspose1d}.
   *
   * @param weight the ConvTranspose1d weight {@code (C_in, C_out/g, k)}
   * @param convWeight the same kernel in convolution form ({@link #transposeWeight}) where the
   *     caller keeps one, else {@code null} (derived when the route needs it)
   */
  static NDArray transposed(
      ConvSpec spec,
      NDArray x,
      NDArray weight,
      NDArray convWeight,
      NDArray bias,
      int outputPadding) {
    if (TransposedPhases.applies(spec) && allFinite(weight)) {
      return TransposedPhases.compute(spec, x, weight, bias, outputPadding);
    }
    NDArray kernel =
        convWeight != null
            ? convWeight
            : transposeWeight(joinCall(x, weight.reshape(weight.getShape())), spec.groups());
    return convTranspose1d(spec, x, kernel, bias, outputPadding);
  }

  /**
   * A transposed convolution as PyTorch computes it ({@code col2im}): {@code y[n, o, t*stride +
   * j*dilation - offset] += x[n, i, t] * w[i, o, j]} for output positions in {@code [0,
   * outLength)}, the rest dropped. The products of each tap are one batched matrix product over the
   * group's input channels; each tap's row is then spread {@code stride} apart (only between the
   * samples that land inside the output, so the zeros built never exceed the output) and placed at
   * its offset. Memory stays within the input, the products ({@code N * C_out * k * L}, the
   * multiply-adds over {@code C_in/groups}) and a few outputs, however large the stride or the
   * offset; no product is ever formed with a zero, so a {@code nan} weight reaches only the outputs
   * its taps land on, as in PyTorch.
   *
   * @param x {@code (N, C_in, L)}
   * @param weight the ConvTranspose1d weight {@code (C_in, C_out/g, k)}
   * @param bias the bias or {@code null}
   * @param offset the padding cropped from the start of the full output
   * @param outLength the output length
   * @return {@code (N, C_out, outLength)}, attached to {@code x}'s manager
   */
  static NDArray scatterTransposed(
      NDArray x,
      NDArray weight,
      NDArray bias,
      int stride,
      int dilation,
      int groups,
      long offset,
      long outLength) {
    Shape xs = x.getShape();
    long n = xs.get(0);
    long length = xs.get(2);
    Shape ws = weight.getShape();
    long inPerGroup = ws.get(0) / groups;
    long outPerGroup = ws.get(1);
    long k = ws.get(2);
    long outChannels = outPerGroup * groups;
    // products[n, g, (ol, j), t] = sum over il of w[g, il, ol, j] * x[n, g, il, t]
    NDArray matrix =
        joinCall(x, weight.reshape(groups, inPerGroup, outPerGroup, k))
            .transpose(0, 2, 3, 1)
            .reshape(groups, outPerGroup * k, inPerGroup);
    NDArray products =
        matrix.matMul(x.reshape(n, groups, inPerGroup, length)).reshape(n, outChannels, k, length);
    NDManager manager = x.getManager();
    NDArray y = null;
    for (long j = 0; j < k; j++) {
      long shift = j * dilation - offset; // output position of t is t*stride + shift
      long tLo = Math.max(0, ceilDiv(-shift, stride));
      long tHi = Math.min(length, ceilDiv(outLength - shift, stride));
      if (tLo >= tHi) {
        continue;
      }
      long count = tHi - tLo;
      // this tap's arrays are closed as soon as the running sum holds them (closing only drops
      // torch-parity's handle; autograd keeps what it saved)
      NDList step = new NDList();
      NDArray row = keep(step, products.get("..., {}, {}:{}", j, tLo, tHi));
      if (stride > 1 && count > 1) {
        NDArray gaps =
            keep(
                step,
                manager.zeros(
                    new Shape(n, outChannels, count, stride - 1), x.getDataType(), x.getDevice()));
        NDArray spread =
            keep(step, NDArrays.concat(new NDList(keep(step, row.expandDims(3)), gaps), 3));
        row =
            keep(
                step,
                keep(step, spread.reshape(n, outChannels, count * stride))
                    .get("..., 0:{}", (count - 1) * stride + 1));
      }
      long start = tLo * stride + shift;
      long end = start + row.getShape().get(2);
      NDArray placed = PaddingAdapter.padOrCrop(row, start, outLength - end);
      if (y == null) {
        y = placed;
        step.removeIf(array -> array == placed); // (padOrCrop may return row itself)
      } else {
        NDArray sum = y.add(placed);
        y.close();
        y = sum;
        if (placed != row) {
          step.add(placed);
        }
      }
      step.close();
    }
    if (y == null) {
      y = manager.zeros(new Shape(n, outChannels, outLength), x.getDataType(), x.getDevice());
    }
    return bias == null ? y : y.add(joinCall(x, bias.reshape(1, outChannels, 1)));
  }

  /**
   * Moves a view of a parameter into the call's manager ({@code x}'s): an op's result joins its
   * operand's manager, which for a parameter is the module's, where it would stay until the module
   * closes.
   */
  static NDArray joinCall(NDArray x, NDArray view) {
    view.attach(x.getManager());
    return view;
  }

  private static NDArray keep(NDList list, NDArray array) {
    list.add(array);
    return array;
  }

  /** {@code ceil(a / b)} for {@code b > 0}. */
  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  /**
   * Whether the zero-stuffed route's arrays stay within a few times the input and the output: the
   * stuffed input, {@code (length-1)*stride + 1} long, and the zeros an unequal padding adds to it
   * (equal padding goes to libtorch's padding argument and is never built).
   */
  static boolean stuffedIsProportional(
      long length, int stride, long left, long right, long outLength) {
    long stuffed = (length - 1) * stride + 1;
    long built =
        left == right && left >= 0 ? stuffed : stuffed + Math.max(0, left) + Math.max(0, right);
    return built <= 4 * (length + outLength) + PROPORTIONAL_SLACK;
  }

  /** Elements per row any route may build beyond four times the input and output. */
  static final long PROPORTIONAL_SLACK = 1 << 16;

  /**
   * Whether every element of {@code array} is finite, from one reduction: a sum is finite only if
   * every term is (a finite sum that overflows reads as not finite, which only sends the caller to
   * its slower, equally correct route).
   */
  static boolean allFinite(NDArray array) {
    if (array.size() == 0) {
      return true;
    }
    try (NDArray sum = array.sum()) {
      return Double.isFinite(sum.toArray()[0].doubleValue());
    }
  }

  /**
   * The stride-1 convolution behind a transposed convolution: {@code x} zero-stuffed ({@code stride
   * - 1} zeros between samples), padded by {@code left} and {@code right} zeros (a negative amount
   * crops), convolved with {@code convWeight} at {@code dilation}.
   *
   * @param x {@code (N, C, L)}
   * @param convWeight the kernel in convolution form, from {@link #transposeWeight}
   * @param bias the bias or {@code null}
   * @return the result, attached to {@code x}'s manager
   */
  static NDArray transposedCorrelation(
      NDArray x,
      NDArray convWeight,
      NDArray bias,
      int stride,
      long left,
      long right,
      int dilation,
      int groups) {
    NDArray stuffed = stride == 1 ? x : zeroStuff(x, stride);
    NDArray input = stuffed;
    long convPadding = 0;
    if (left == right && left >= 0) {
      convPadding = left;
    } else {
      input = PaddingAdapter.padOrCrop(stuffed, left, right);
    }
    return convolve(input, convWeight, bias, 1, convPadding, dilation, groups);
  }

  /**
   * libtorch's convolution ({@code torch::conv1d} through DJL), {@code x} {@code (N, C, L)} padded
   * by {@code padding} zeros on both sides, under {@link OneDnnGuard}'s shared lock: every
   * convolution torch-parity runs, forward or for a gradient, goes through here.
   */
  static NDArray convolve(
      NDArray x, NDArray weight, NDArray bias, int stride, long padding, int dilation, int groups) {
    Shape paddingShape = padding < SMALL_SHAPES.length ? shape1((int) padding) : new Shape(padding);
    return OneDnnGuard.forward(
        () ->
            Conv1d.conv1d(x, weight, bias, shape1(stride), paddingShape, shape1(dilation), groups)
                .singletonOrThrow());
  }

  /**
   * Inserts {@code stride - 1} zeros between neighbouring samples of the last axis: {@code
   * (length-1)*stride + 1} elements, none after the last sample.
   */
  private static NDArray zeroStuff(NDArray x, int stride) {
    Shape shape = x.getShape();
    long n = shape.get(0);
    long c = shape.get(1);
    long length = shape.get(2);
    if (length == 1) {
      return x;
    }
    NDArray head = x.get("..., 0:{}", length - 1);
    NDArray zeros =
        x.getManager()
            .zeros(new Shape(n, c, length - 1, stride - 1), x.getDataType(), x.getDevice());
    NDArray interleaved =
        NDArrays.concat(new NDList(head.expandDims(3), zeros), 3)
            .reshape(n, c, (length - 1) * stride);
    return NDArrays.concat(new NDList(interleaved, x.get("..., {}:", length - 1)), 2);
  }

  /**
   * Rewrites a ConvTranspose1d weight {@code (C_in, C_out/g, k)} as the Conv1d weight {@code
   * (C_out, C_in/g, k)} that, applied to the zero-stuffed input, gives the same output: within each
   * group the two channel axes swap, and the kernel is reversed.
   */
  static NDArray transposeWeight(NDArray weight, int groups) {
    Shape shape = weight.getShape();
    long in = shape.get(0);
    long outPerGroup = shape.get(1);
    long k = shape.get(2);
    return weight
        .reshape(groups, in / groups, outPerGroup, k)
        .transpose(0, 2, 1, 3)
        .reshape(outPerGroup * groups, in / groups, k)
        .flip(2);
  }

  /**
   * The inverse of {@link #transposeWeight}: the ConvTranspose1d weight {@code (C_in, C_out/g, k)}.
   */
  static NDArray untransposeWeight(NDArray convWeight, int groups) {
    Shape shape = convWeight.getShape();
    long out = shape.get(0);
    long inPerGroup = shape.get(1);
    long k = shape.get(2);
    return convWeight
        .flip(2)
        .reshape(groups, out / groups, inPerGroup, k)
        .transpose(0, 2, 1, 3)
        .reshape(inPerGroup * groups, out / groups, k);
  }
}
