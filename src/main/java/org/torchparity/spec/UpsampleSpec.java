package org.torchparity.spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code torch.nn.Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None,
 * recompute_scale_factor=None)} on a 3-D input {@code (N, C, L)}: 1-d resampling with modes {@code
 * nearest}, {@code nearest-exact} and {@code linear}. The output length is {@code size}, or {@code
 * floor(L * scale_factor)}; with {@code scale_factor} and without {@code
 * recompute_scale_factor=True} PyTorch hands the scale itself to the kernel, whose source positions
 * then use {@code 1 / scale_factor} instead of {@code L / out} (see {@link UpsampleIndex}).
 *
 * <p>PyTorch checks these arguments when the module is called; torch-parity checks the ones that do
 * not depend on the input at construction, with PyTorch's messages. 4-D and 5-D inputs (2-d and 3-d
 * upsampling) and mode {@code area} are not implemented and are refused saying so.
 *
 * @param size the output length, or {@code null}
 * @param sizeIsSequence {@code true} when {@code size} was given as a one-element sequence (the
 *     repr prints {@code size=(5,)})
 * @param scaleFactor the scale, or {@code null}
 * @param scaleIsSequence {@code true} when the scale was given as a one-element sequence
 * @param mode {@code nearest}, {@code nearest-exact} or {@code linear}
 * @param alignCorners {@code null} (PyTorch's default, {@code False} for linear), or a value for
 *     {@code linear}
 * @param recomputeScaleFactor {@code null}, {@code False} or {@code True} (compute the output
 *     length, then forget the scale)
 * @param dtype the floating dtype of inputs and outputs
 */
public record UpsampleSpec(
    Integer size,
    boolean sizeIsSequence,
    Double scaleFactor,
    boolean scaleIsSequence,
    String mode,
    Boolean alignCorners,
    Boolean recomputeScaleFactor,
    DType dtype)
    implements ModuleSpec {

  /** The modes torch-parity implements for 3-D input. */
  public static final Set<String> MODES = Set.of("nearest", "nearest-exact", "linear");

  private static final String ALL_MODES =
      "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact";

  /**
   * Validates what PyTorch's {@code F.interpolate} checks before looking at the input's sizes.
   *
   * @param size the output length, or {@code null}
   * @param sizeIsSequence whether {@code size} was a one-element sequence
   * @param scaleFactor the scale, or {@code null}
   * @param scaleIsSequence whether the scale was a one-element sequence
   * @param mode the mode
   * @param alignCorners {@code null}, or a value for {@code linear}
   * @param recomputeScaleFactor {@code null}, {@code False} or {@code True}
   * @param dtype float32 or float64
   */
  public UpsampleSpec {
    SpecChecks.floating(dtype);
    SpecChecks.notNull("mode", mode);
    if (!MODES.contains(mode)) {
      throw new InvalidArgumentException("mode", modeRefusal(mode));
    }
    if (alignCorners != null && !mode.equals("linear")) {
      throw new InvalidArgumentException(
          "align_corners",
          "align_corners option can only be set with the interpolating modes: linear | bilinear |"
              + " bicubic | trilinear (mode was '"
              + mode
              + "', align_corners "
              + (alignCorners ? "True" : "False")
              + ")");
    }
    if (size != null && scaleFactor != null) {
      throw new InvalidArgumentException(
          "size",
          "only one of size or scale_factor should be defined but got size="
              + size
              + " and scale_factor="
              + PythonScalars.floatRepr(scaleFactor));
    }
    if (size == null && scaleFactor == null) {
      throw new InvalidArgumentException(
          "size",
          "either size or scale_factor should be defined (both are None; a scale_factor of 0 is"
              + " None to nn.Upsample)");
    }
    if (size != null && Boolean.TRUE.equals(recomputeScaleFactor)) {
      throw new InvalidArgumentException(
          "recompute_scale_factor",
          "recompute_scale_factor is not meaningful with an explicit size (size=" + size + ")");
    }
    if (scaleFactor != null && !Double.isFinite(scaleFactor)) {
      throw new InvalidArgumentException(
          "scale_factor",
          "scale_factor must be finite (PyTorch cannot turn L * scale_factor into an output"
              + " length) but was "
              + PythonScalars.floatRepr(scaleFactor));
    }
  }

  private static String modeRefusal(String mode) {
    switch (mode) {
      case "bilinear":
        return "Got 3D input, but bilinear mode needs 4D input: torch-parity's Upsample takes 3-D"
            + " input (N, C, L) with mode 'nearest', 'nearest-exact' or 'linear'";
      case "trilinear":
        return "Got 3D input, but trilinear mode needs 5D input: torch-parity's Upsample takes 3-D"
            + " input (N, C, L) with mode 'nearest', 'nearest-exact' or 'linear'";
      case "area":
        return "mode must be 'nearest', 'nearest-exact' or 'linear' but was 'area': PyTorch"
            + " accepts it (adaptive average pooling), torch-parity does not implement it";
      default:
        return "Input Error: Only 3D, 4D and 5D input Tensors supported (got 3D) for the modes: "
            + ALL_MODES
            + " (got "
            + mode
            + ")";
    }
  }

  /**
   * Returns {@code nn.Upsample(size=size, mode=mode)} in float32.
   *
   * @param size the output length
   * @param mode the mode
   * @return the spec
   */
  public static UpsampleSpec ofSize(int size, String mode) {
    return new UpsampleSpec(size, false, null, false, mode, null, null, DType.FLOAT32);
  }

  /**
   * Returns {@code nn.Upsample(scale_factor=scale, mode=mode)} in float32.
   *
   * @param scaleFactor the scale
   * @param mode the mode
   * @return the spec
   */
  public static UpsampleSpec ofScale(double scaleFactor, String mode) {
    return new UpsampleSpec(null, false, scaleFactor, false, mode, null, null, DType.FLOAT32);
  }

  /**
   * Returns the same module with {@code align_corners} set (mode {@code linear}).
   *
   * @param value the flag
   * @return the spec
   */
  public UpsampleSpec withAlignCorners(boolean value) {
    return new UpsampleSpec(
        size,
        sizeIsSequence,
        scaleFactor,
        scaleIsSequence,
        mode,
        value,
        recomputeScaleFactor,
        dtype);
  }

  /**
   * Returns the same module with {@code recompute_scale_factor} set.
   *
   * @param value the flag, or {@code null}
   * @return the spec
   */
  public UpsampleSpec withRecomputeScaleFactor(Boolean value) {
    return new UpsampleSpec(
        size, sizeIsSequence, scaleFactor, scaleIsSequence, mode, alignCorners, value, dtype);
  }

  /**
   * Returns the scale PyTorch hands to the kernel: {@code scale_factor}, unless it was not given or
   * {@code recompute_scale_factor=True} replaced it by the output length.
   *
   * @return the scale, or {@code null} when the kernel derives it from the sizes
   */
  public Double kernelScale() {
    return scaleFactor != null && !Boolean.TRUE.equals(recomputeScaleFactor) ? scaleFactor : null;
  }

  /**
   * Returns {@code align_corners} as the kernel sees it ({@code None} is {@code False}).
   *
   * @return the flag
   */
  public boolean alignCornersValue() {
    return Boolean.TRUE.equals(alignCorners);
  }

  @Override
  public String typeName() {
    return "Upsample";
  }

  @Override
  public String extraRepr() {
    String info;
    if (scaleFactor != null) {
      String s = PythonScalars.floatRepr(scaleFactor);
      info = "scale_factor=" + (scaleIsSequence ? "(" + s + ",)" : s);
    } else {
      info = "size=" + (sizeIsSequence ? "(" + size + ",)" : String.valueOf(size));
    }
    return info + ", mode=" + mode;
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("size", size == null ? null : sizeIsSequence ? List.of(size) : size);
    args.put(
        "scale_factor",
        scaleFactor == null ? null : scaleIsSequence ? List.of(scaleFactor) : scaleFactor);
    args.put("mode", mode);
    args.put("align_corners", alignCorners);
    args.put("recompute_scale_factor", recomputeScaleFactor);
    return args;
  }

  @Override
  public UpsampleSpec withDType(DType value) {
    return new UpsampleSpec(
        size,
        sizeIsSequence,
        scaleFactor,
        scaleIsSequence,
        mode,
        alignCorners,
        recomputeScaleFactor,
        value);
  }

  /**
   * Returns the output length for an input length: {@code size}, or {@code L * scale_factor}
   * rounded down (PyTorch's {@code math.floor} with {@code recompute_scale_factor=True}, the
   * kernel's truncation to int64 otherwise; they differ only for negative scales, refused either
   * way).
   *
   * @param inputLength L
   * @return the output length, possibly not positive (then {@link #outputShape} refuses it)
   */
  public long outputLength(int inputLength) {
    if (size != null) {
      return size;
    }
    double exact = inputLength * scaleFactor;
    double rounded = Boolean.TRUE.equals(recomputeScaleFactor) ? Math.floor(exact) : exact;
    if (rounded >= Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return (long) rounded;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(inputShape);
    if (inputShape.length != 3) {
      String why =
          inputShape.length == 4 || inputShape.length == 5
              ? "torch-parity's Upsample takes 3-D input (N, C, L); PyTorch's also takes 4-D and 5-D"
                  + " input (2-d and 3-d upsampling), which torch-parity does not implement, but got"
                  + " input "
              : "Input Error: Only 3D, 4D and 5D input Tensors supported (got "
                  + inputShape.length
                  + "D) for the modes: "
                  + ALL_MODES
                  + " (got "
                  + mode
                  + "): input ";
      throw new InvalidArgumentException("input", why + Arrays.toString(inputShape));
    }
    int length = inputShape[2];
    long out = outputLength(length);
    if (length <= 0 || out <= 0) {
      throw new InvalidArgumentException(
          "input",
          "Input and output sizes should be greater than 0, but got input (W: "
              + length
              + ") and output (W: "
              + out
              + ")");
    }
    if (inputShape[1] == 0) {
      throw new InvalidArgumentException(
          "input",
          "Non-empty 3D data tensor expected but got a tensor with sizes "
              + Arrays.toString(inputShape));
    }
    if (out > Integer.MAX_VALUE) {
      throw new InvalidArgumentException(
          "input", "output length must be at most " + Integer.MAX_VALUE + " but would be " + out);
    }
    int[] result = {inputShape[0], inputShape[1], (int) out};
    Tensor.numel(result);
    return result;
  }

  @Override
  public String toString() {
    return repr();
  }
}
