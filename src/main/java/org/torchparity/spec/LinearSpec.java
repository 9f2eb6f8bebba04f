package org.torchparity.spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.Linear(in_features, out_features, bias=True)}: {@code y = x W^T + b} on the last
 * dimension of an input of any rank from 1 ({@code (*, in_features)} to {@code (*, out_features)});
 * parameters {@code weight} {@code (out_features, in_features)} and, with {@code bias}, {@code
 * bias} {@code (out_features)}.
 *
 * @param inFeatures the size of the input's last dimension, 0 or more
 * @param outFeatures the size of the output's last dimension, 0 or more
 * @param bias whether the layer adds a learnable bias
 * @param dtype the floating dtype of parameters, inputs and outputs
 */
public record LinearSpec(int inFeatures, int outFeatures, boolean bias, DType dtype)
    implements ModuleSpec {

  /**
   * Validates as PyTorch's constructor does: {@code torch.empty((out_features, in_features))}
   * refuses a negative dimension.
   *
   * @param inFeatures {@code in_features}
   * @param outFeatures {@code out_features}
   * @param bias {@code bias}
   * @param dtype float32 or float64
   */
  public LinearSpec {
    SpecChecks.floating(dtype);
    // torch.empty((out_features, in_features)) names the first negative dimension of that shape.
    nonNegative("out_features", outFeatures, outFeatures, inFeatures);
    nonNegative("in_features", inFeatures, outFeatures, inFeatures);
  }

  private static void nonNegative(String name, int value, int outFeatures, int inFeatures) {
    if (value < 0) {
      throw new InvalidArgumentException(
          name,
          name
              + " must be 0 or more but was "
              + value
              + " (PyTorch: Trying to create tensor with negative dimension "
              + value
              + ": ["
              + outFeatures
              + ", "
              + inFeatures
              + "])");
    }
  }

  /**
   * Returns {@code nn.Linear(in_features, out_features)} with a bias, in float32.
   *
   * @param inFeatures {@code in_features}
   * @param outFeatures {@code out_features}
   * @return the spec
   */
  public static LinearSpec of(int inFeatures, int outFeatures) {
    return new LinearSpec(inFeatures, outFeatures, true, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Linear";
  }

  @Override
  public String extraRepr() {
    return "in_features="
        + inFeatures
        + ", out_features="
        + outFeatures
        + ", bias="
        + (bias ? "True" : "False");
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("in_features", inFeatures);
    args.put("out_features", outFeatures);
    args.put("bias", bias);
    return args;
  }

  @Override
  public LinearSpec withDType(DType value) {
    return new LinearSpec(inFeatures, outFeatures, bias, value);
  }

  @Override
  public List<String> parameterNames() {
    return bias ? List.of("weight", "bias") : List.of("weight");
  }

  @Override
  public int[] parameterShape(String name) {
    if ("weight".equals(name)) {
      return new int[] {outFeatures, inFeatures};
    }
    if ("bias".equals(name) && bias) {
      return new int[] {outFeatures};
    }
    return ModuleSpec.super.parameterShape(name);
  }

  /**
   * Returns {@code (*, out_features)} for {@code (*, in_features)}; refuses a 0-d input and a last
   * dimension other than {@code in_features} with PyTorch's reasons (the mat1/mat2 shapes of the
   * matrix product libtorch runs).
   */
  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(inputShape);
    if (inputShape.length == 0) {
      throw new InvalidArgumentException(
          "input",
          "input must have at least 1 dimension for Linear but was 0-d (PyTorch: both arguments to"
              + " linear need to be at least 1D, but they are 0D and 2D)");
    }
    int last = inputShape[inputShape.length - 1];
    if (last != inFeatures) {
      long rows = Tensor.numel(Arrays.copyOf(inputShape, inputShape.length - 1));
      throw new InvalidArgumentException(
          "input",
          "input's last dimension must be in_features="
              + inFeatures
              + " but input shape was "
              + Arrays.toString(inputShape)
              + " (PyTorch: mat1 and mat2 shapes cannot be multiplied ("
              + rows
              + "x"
              + last
              + " and "
              + inFeatures
              + "x"
              + outFeatures
              + "))");
    }
    int[] out = inputShape.clone();
    out[out.length - 1] = outFeatures;
    return out;
  }

  @Override
  public String toString() {
    return repr();
  }
}
