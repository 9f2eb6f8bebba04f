package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.AdaptiveMaxPool1d(output_size, return_indices=False)}: {@code output_size}
 * windows over the input, window {@code i} from {@code floor(i L / out)} to {@code ceil((i + 1) L /
 * out)} (exclusive), each reduced to its largest value. Inputs {@code (N, C, L)} and {@code (C,
 * L)}. {@code return_indices=True} adds each maximum's position (int64): the first of equal maxima,
 * the last NaN of a window, as libtorch's kernel picks.
 *
 * @param outputSize PyTorch's {@code output_size}, from 0
 * @param returnIndices PyTorch's {@code return_indices}
 * @param dtype the floating dtype of inputs and outputs
 */
public record AdaptiveMaxPool1dSpec(SizeArg outputSize, boolean returnIndices, DType dtype)
    implements ModuleSpec {

  /**
   * Validates the arguments; PyTorch checks them at the first forward call.
   *
   * @param outputSize the number of windows
   * @param returnIndices whether the indices are returned too
   * @param dtype float32 or float64
   */
  public AdaptiveMaxPool1dSpec {
    SpecChecks.notNull("output_size", outputSize);
    SpecChecks.floating(dtype);
    if (outputSize.value() < 0) {
      throw new InvalidArgumentException(
          "output_size",
          "output_size must be at least 0 but was "
              + outputSize.value()
              + " (PyTorch's forward fails: Trying to create tensor with negative dimension "
              + outputSize.value()
              + ")");
    }
  }

  /**
   * Returns {@code nn.AdaptiveMaxPool1d(output_size)} in float32.
   *
   * @param outputSize the number of windows
   * @return the spec
   */
  public static AdaptiveMaxPool1dSpec of(int outputSize) {
    return new AdaptiveMaxPool1dSpec(SizeArg.of(outputSize), false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "AdaptiveMaxPool1d";
  }

  @Override
  public String extraRepr() {
    return "output_size=" + outputSize;
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("output_size", outputSize.argument());
    args.put("return_indices", returnIndices);
    return args;
  }

  @Override
  public AdaptiveMaxPool1dSpec withDType(DType value) {
    return new AdaptiveMaxPool1dSpec(outputSize, returnIndices, value);
  }

  @Override
  public List<DType> outputDTypes() {
    return returnIndices ? List.of(dtype, DType.INT64) : List.of(dtype);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    PoolShapes.checkRank(inputShape, "adaptive_max_pool1d");
    // adaptive_max_pool1d checks every dimension but the first: the batch of (N, C, L), the
    // channels of (C, L).
    for (int i = 1; i < inputShape.length; i++) {
      if (inputShape[i] == 0) {
        throw new InvalidArgumentException(
            "input",
            "adaptive_max_pool1d(): Expected input to have non-zero size for non-batch"
                + " dimensions, but input has sizes "
                + PoolShapes.dims(inputShape)
                + " with dimension "
                + i
                + " being empty");
      }
    }
    return PoolShapes.withLength(inputShape, outputSize.value());
  }

  /**
   * Also refuses, as libtorch's backward does, a gradient of an empty output ({@code output_size}
   * 0, or zero channels of a batched input): the forward pass accepts these, the backward pass does
   * not.
   */
  @Override
  public void checkGradOutput(int[] inputShape, DType gradDType, int[] shape) {
    ModuleSpec.super.checkGradOutput(inputShape, gradDType, shape);
    PoolShapes.checkAdaptiveGradOutput("adaptive_max_pooling2d_backward", shape);
  }

  @Override
  public String toString() {
    return repr();
  }
}
