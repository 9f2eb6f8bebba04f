package org.torchparity.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True)} on
 * {@code (*, normalized_shape)}: each sample's trailing {@code normalized_shape} values normalised
 * together, then an elementwise {@code weight} and {@code bias} of that shape. The same in training
 * and eval mode. {@code bias} is libtorch 2.x's argument (from PyTorch 2.1); PyTorch 1.13 has no
 * such keyword and always a bias with the weight.
 *
 * <p>PyTorch's constructor refuses only what creating the weight refuses (a negative size, with
 * {@code elementwise_affine}); the forward refuses an empty {@code normalized_shape} and an input
 * whose trailing dimensions are not {@code normalized_shape}.
 *
 * @param normalizedShape the trailing dimensions normalised together (an int is a one-element list)
 * @param eps added to the variance before the square root
 * @param elementwiseAffine whether the module has {@code weight} (ones) and, with {@code bias},
 *     {@code bias} (zeros)
 * @param bias whether an elementwise-affine module has a bias (libtorch 2.x; {@code true} in 1.13)
 * @param dtype the floating dtype
 */
public record LayerNormSpec(
    List<Integer> normalizedShape, double eps, boolean elementwiseAffine, boolean bias, DType dtype)
    implements ModuleSpec {

  /**
   * Validates as PyTorch's constructor does.
   *
   * @param normalizedShape the trailing dimensions
   * @param eps the variance's epsilon
   * @param elementwiseAffine with weight (and bias)
   * @param bias with a bias when elementwise affine
   * @param dtype float32 or float64
   */
  public LayerNormSpec {
    SpecChecks.floating(dtype);
    normalizedShape = List.copyOf(SpecChecks.notNull("normalized_shape", normalizedShape));
    if (elementwiseAffine) {
      NormChecks.creatable("normalized_shape", shape(normalizedShape));
    }
  }

  /**
   * Returns {@code nn.LayerNorm(normalized_shape)} with PyTorch's defaults, in float32.
   *
   * @param normalizedShape the trailing dimensions
   * @return the spec
   */
  public static LayerNormSpec of(int... normalizedShape) {
    return new LayerNormSpec(
        Arrays.stream(normalizedShape).boxed().toList(), 1e-5, true, true, DType.FLOAT32);
  }

  private static int[] shape(List<Integer> dims) {
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Returns {@code normalized_shape} as an array.
   *
   * @return the trailing dimensions
   */
  public int[] normalizedDims() {
    return shape(normalizedShape);
  }

  @Override
  public String typeName() {
    return "LayerNorm";
  }

  @Override
  public String extraRepr() {
    // PyTorch 2.7.1's extra_repr does not show bias.
    return NormChecks.pythonTuple(normalizedShape)
        + ", eps="
        + NormChecks.pythonFloat(eps)
        + ", elementwise_affine="
        + NormChecks.pythonBool(elementwiseAffine);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("normalized_shape", new ArrayList<Object>(normalizedShape));
    args.put("eps", eps);
    args.put("elementwise_affine", elementwiseAffine);
    if (!bias) {
      // Written only when it differs from the default, so PyTorch 1.13 can build the others.
      args.put("bias", false);
    }
    return args;
  }

  @Override
  public LayerNormSpec withDType(DType value) {
    return new LayerNormSpec(normalizedShape, eps, elementwiseAffine, bias, value);
  }

  @Override
  public List<String> parameterNames() {
    if (!elementwiseAffine) {
      return List.of();
    }
    return bias ? List.of("weight", "bias") : List.of("weight");
  }

  @Override
  public int[] parameterShape(String name) {
    if (!parameterNames().contains(name)) {
      return ModuleSpec.super.parameterShape(name);
    }
    return normalizedDims();
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    SpecChecks.notNull("inputShape", inputShape);
    Tensor.numel(inputShape);
    int[] dims = normalizedDims();
    if (dims.length == 0) {
      throw new InvalidArgumentException(
          "normalized_shape",
          "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one"
              + " element, but got normalized_shape = []");
    }
    boolean fits = inputShape.length >= dims.length;
    for (int i = 0; fits && i < dims.length; i++) {
      fits = inputShape[inputShape.length - dims.length + i] == dims[i];
    }
    if (!fits) {
      StringBuilder expected = new StringBuilder("[*");
      for (int d : dims) {
        expected.append(", ").append(d);
      }
      throw new InvalidArgumentException(
          "input",
          "Given normalized_shape="
              + Arrays.toString(dims)
              + ", expected input with shape "
              + expected.append(']')
              + ", but got input of size"
              + Arrays.toString(inputShape));
    }
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return repr();
  }
}
