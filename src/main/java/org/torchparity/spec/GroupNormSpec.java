package org.torchparity.spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.GroupNorm(num_groups, num_channels, eps=1e-05, affine=True)} on {@code (N, C,
 * *)}: the channels of each sample split into {@code num_groups} groups, each group normalised over
 * its channels and positions, then a per-channel {@code weight} and {@code bias}. The same in
 * training and eval mode.
 *
 * <p>PyTorch's constructor refuses {@code num_channels % num_groups != 0} (Python's modulo, so a
 * negative group count dividing the channels passes) and {@code num_groups == 0}; the forward
 * refuses an input of rank below 2, one value per group ({@code F.group_norm}'s batch-size check),
 * a non-positive group count, a channel count the groups do not divide and, with a weight, a
 * channel count other than {@code num_channels}.
 *
 * @param numGroups the number of groups
 * @param numChannels {@code C}
 * @param eps added to the variance before the square root
 * @param affine whether the module has {@code weight} (ones) and {@code bias} (zeros)
 * @param dtype the floating dtype
 */
public record GroupNormSpec(int numGroups, int numChannels, double eps, boolean affine, DType dtype)
    implements ModuleSpec {

  /**
   * Validates as PyTorch's constructor does.
   *
   * @param numGroups the number of groups
   * @param numChannels {@code C}
   * @param eps the variance's epsilon
   * @param affine with weight and bias
   * @param dtype float32 or float64
   */
  public GroupNormSpec {
    SpecChecks.floating(dtype);
    if (numGroups == 0) {
      throw new InvalidArgumentException(
          "num_groups",
          "num_groups must not be 0 (PyTorch: ZeroDivisionError: integer modulo by zero) but was"
              + " 0");
    }
    if (Math.floorMod(numChannels, numGroups) != 0) {
      throw new InvalidArgumentException(
          "num_groups",
          "num_channels must be divisible by num_groups but num_channels was "
              + numChannels
              + " and num_groups "
              + numGroups);
    }
    if (affine) {
      NormChecks.creatable("num_channels", numChannels);
    }
  }

  /**
   * Returns {@code nn.GroupNorm(num_groups, num_channels)} with PyTorch's defaults, in float32.
   *
   * @param numGroups the number of groups
   * @param numChannels {@code C}
   * @return the spec
   */
  public static GroupNormSpec of(int numGroups, int numChannels) {
    return new GroupNormSpec(numGroups, numChannels, 1e-5, true, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "GroupNorm";
  }

  @Override
  public String extraRepr() {
    return numGroups
        + ", "
        + numChannels
        + ", eps="
        + NormChecks.pythonFloat(eps)
        + ", affine="
        + NormChecks.pythonBool(affine);
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("num_groups", numGroups);
    args.put("num_channels", numChannels);
    args.put("eps", eps);
    args.put("affine", affine);
    return args;
  }

  @Override
  public GroupNormSpec withDType(DType value) {
    return new GroupNormSpec(numGroups, numChannels, eps, affine, value);
  }

  @Override
  public List<String> parameterNames() {
    return affine ? List.of("weight", "bias") : List.of();
  }

  @Override
  public int[] parameterShape(String name) {
    if (!parameterNames().contains(name)) {
      return ModuleSpec.super.parameterShape(name);
    }
    return new int[] {numChannels};
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    SpecChecks.notNull("inputShape", inputShape);
    if (inputShape.length < 2) {
      throw new InvalidArgumentException(
          "input",
          "Expected at least 2 dimensions for input tensor but received " + inputShape.length);
    }
    Tensor.numel(inputShape);
    int batch = inputShape[0];
    int channels = inputShape[1];
    // F.group_norm's _verify_batch_size([N * C // G, G] + spatial): Python's floor division.
    long values = Math.floorDiv((long) batch * channels, numGroups);
    for (int i = 2; i < inputShape.length; i++) {
      values *= inputShape[i];
    }
    if (values == 1) {
      StringBuilder size =
          new StringBuilder("[")
              .append(Math.floorDiv((long) batch * channels, numGroups))
              .append(", ")
              .append(numGroups);
      for (int i = 2; i < inputShape.length; i++) {
        size.append(", ").append(inputShape[i]);
      }
      throw new InvalidArgumentException(
          "input",
          "Expected more than 1 value per channel when training, got input size "
              + size.append(']')
              + " (each group of "
              + Arrays.toString(inputShape)
              + " holds one value)");
    }
    if (numGroups <= 0) {
      throw new InvalidArgumentException(
          "num_groups", "Expected num groups to be greater than 0, got " + numGroups);
    }
    if (channels % numGroups != 0) {
      throw new InvalidArgumentException(
          "input",
          "Expected number of channels in input to be divisible by num_groups, but got input of"
              + " shape "
              + Arrays.toString(inputShape)
              + " and num_groups="
              + numGroups);
    }
    if (affine && channels != numChannels) {
      throw new InvalidArgumentException(
          "input",
          "Expected weight to be a vector of size equal to the number of channels in input, but"
              + " got weight of shape ["
              + numChannels
              + "] and input of shape "
              + Arrays.toString(inputShape));
    }
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return repr();
  }
}
