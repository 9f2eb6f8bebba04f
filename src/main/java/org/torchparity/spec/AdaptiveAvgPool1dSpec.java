package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.AdaptiveAvgPool1d(output_size)}: {@code output_size} windows over the input,
 * window {@code i} from {@code floor(i L / out)} to {@code ceil((i + 1) L / out)} (exclusive), each
 * averaged. Inputs {@code (N, C, L)} and {@code (C, L)}; an empty batch or zero channels give an
 * empty output, as in libtorch.
 *
 * @param outputSize PyTorch's {@code output_size}, from 0
 * @param dtype the floating dtype of inputs and outputs
 */
public record AdaptiveAvgPool1dSpec(SizeArg outputSize, DType dtype) implements ModuleSpec {

  /**
   * Validates the arguments; PyTorch checks them at the first forward call.
   *
   * @param outputSize the number of windows
   * @param dtype float32 or float64
   */
  public AdaptiveAvgPool1dSpec {
    SpecChecks.notNull("output_size", outputSize);
    SpecChecks.floating(dtype);
    if (outputSize.value() < 0) {
      throw new InvalidArgumentException(
          "output_size",
          "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but"
              + " received {1, "
              + outputSize.value()
              + "}");
    }
  }

  /**
   * Returns {@code nn.AdaptiveAvgPool1d(output_size)} in float32.
   *
   * @param outputSize the number of windows
   * @return the spec
   */
  public static AdaptiveAvgPool1dSpec of(int outputSize) {
    return new AdaptiveAvgPool1dSpec(SizeArg.of(outputSize), DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "AdaptiveAvgPool1d";
  }

  @Override
  public String extraRepr() {
    return "output_size=" + outputSize;
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("output_size", outputSize.argument());
    return args;
  }

  @Override
  public AdaptiveAvgPool1dSpec withDType(DType value) {
    return new AdaptiveAvgPool1dSpec(outputSize, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    PoolShapes.checkRank(inputShape, "adaptive_avg_pool1d");
    // adaptive_avg_pool2d checks only the two spatial dimensions of input.unsqueeze(-2).
    int length = inputShape[inputShape.length - 1];
    if (length == 0) {
      int[] four = PoolShapes.unsqueezed(inputShape);
      throw new InvalidArgumentException(
          "input",
          "adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions,"
              + " but input has sizes "
              + PoolShapes.dims(four)
              + " with dimension "
              + (four.length - 1)
              + " being empty");
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
    PoolShapes.checkAdaptiveGradOutput("adaptive_avg_pool2d_backward", shape);
  }

  @Override
  public String toString() {
    return repr();
  }
}
