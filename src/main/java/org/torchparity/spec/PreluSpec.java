package org.torchparity.spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.PReLU(num_parameters=1, init=0.25)}: {@code x > 0 ? x : a * x} with a learnt
 * {@code weight} {@code a} of shape {@code [num_parameters]}, filled with {@code init} (no random
 * draw). One parameter is shared by every element of any input (rank 0 included); more than one
 * applies per channel along dim 1, which PyTorch requires to have {@code num_parameters} entries; a
 * rank-1 input has one channel, so it takes only {@code num_parameters=1}, as in PyTorch.
 *
 * @param numParameters PyTorch's {@code num_parameters}, 0 or more
 * @param init PyTorch's {@code init}
 * @param dtype the floating dtype of the weight, inputs and outputs
 */
public record PreluSpec(int numParameters, double init, DType dtype) implements ModuleSpec {
  /** PyTorch's default {@code init}. */
  public static final double DEFAULT_INIT = 0.25;

  /**
   * Validates the arguments.
   *
   * @param numParameters 0 or more
   * @param init the weight's initial value
   * @param dtype float32 or float64
   * @throws InvalidArgumentException naming {@code num_parameters} when it is negative
   */
  public PreluSpec {
    SpecChecks.floating(dtype);
    if (numParameters < 0) {
      throw new InvalidArgumentException(
          "num_parameters",
          "num_parameters must be 0 or more (PyTorch: \"Trying to create tensor with negative"
              + " dimension\") but was "
              + numParameters);
    }
  }

  /**
   * Returns {@code nn.PReLU(num_parameters)} in float32 with {@code init=0.25}.
   *
   * @param numParameters 1, or the number of channels
   * @return the spec
   */
  public static PreluSpec of(int numParameters) {
    return new PreluSpec(numParameters, DEFAULT_INIT, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "PReLU";
  }

  @Override
  public String extraRepr() {
    return "num_parameters=" + numParameters;
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("num_parameters", numParameters);
    args.put("init", RectifierArgs.json(init));
    return args;
  }

  @Override
  public PreluSpec withDType(DType value) {
    return new PreluSpec(numParameters, init, value);
  }

  @Override
  public List<String> parameterNames() {
    return List.of("weight");
  }

  @Override
  public int[] parameterShape(String name) {
    if (!"weight".equals(name)) {
      return ModuleSpec.super.parameterShape(name);
    }
    return new int[] {numParameters};
  }

  /**
   * Returns the input's shape, refusing what PyTorch's {@code prelu} refuses: with more than one
   * parameter, a rank-0 input, and a channel count (dim 1, or 1 for a rank-1 input) other than
   * {@code num_parameters}.
   *
   * @param inputShape any shape
   * @return the same shape
   * @throws InvalidArgumentException naming {@code input}
   */
  @Override
  public int[] outputShape(int[] inputShape) {
    int[] out = RectifierArgs.sameShape(inputShape);
    if (numParameters != 1) {
      if (inputShape.length == 0) {
        throw new InvalidArgumentException(
            "input",
            "input must have at least one dimension when num_parameters is "
                + numParameters
                + " (PyTorch: \"Not allow zero-dim input tensor.\") but its shape was []");
      }
      int channels = inputShape.length > 1 ? inputShape[1] : 1;
      if (channels != numParameters) {
        throw new InvalidArgumentException(
            "input",
            "input channel size (dim 1; 1 for a rank-1 input) must equal num_parameters "
                + numParameters
                + " (PyTorch: \"Mismatch of parameter numbers and input channel size\") but was "
                + channels
                + " for shape "
                + Arrays.toString(inputShape));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return repr();
  }
}
