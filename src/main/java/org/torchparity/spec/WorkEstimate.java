package org.torchparity.spec;

import java.util.Optional;

/**
 * The honest cost of running one configuration: the elements its tensors hold and the multiply-adds
 * PyTorch's formula forms, computed from the arguments alone (nothing is allocated), so that a
 * parity check or sweep can skip a case beyond a budget instead of running out of memory or time.
 * The cost follows the work, not the arguments: a padding or dilation of {@code 2^30} that leaves
 * the output short costs little, a stride of {@code 2^28} on a single sample costs one
 * multiply-add, and an empty batch costs nothing but the weight.
 *
 * <p>torch-parity's kernels keep their memory within a small multiple of {@link #elements()} plus
 * the products of one pass (the padded input, the zero-stuffed input of a transposed convolution
 * and the like are never built when they would be longer) and their time within a small multiple of
 * the multiply-adds, with one exception: the engine builds reflect, replicate and circular padding
 * as PyTorch's {@code F.pad} does, and replicate padding, unlike the other two, is not bounded by
 * the input length. Products saturate at {@link Long#MAX_VALUE} rather than overflow.
 *
 * @param inputElements elements of the input
 * @param outputElements elements of the output (and of grad_output)
 * @param weightElements elements of the weight and the bias
 * @param multiplyAdds multiply-adds of one forward pass: {@code N * C_out * L_out * C_in/groups *
 *     k} for Conv1d, {@code N * C_in * L * C_out/groups * k} for ConvTranspose1d
 */
public record WorkEstimate(
    long inputElements, long outputElements, long weightElements, long multiplyAdds) {

  /**
   * Estimates a forward pass of {@code spec} on an input of {@code inputShape}.
   *
   * @param spec the layer's arguments
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @return the estimate
   * @throws InvalidArgumentException when the input does not fit the spec, as {@link
   *     ConvSpec#outputShape(int[])} refuses it
   */
  public static WorkEstimate of(ConvSpec spec, int[] inputShape) {
    return of(spec, inputShape, spec.outputPadding());
  }

  /**
   * As {@link #of(ConvSpec, int[])} with an explicit ConvTranspose1d output padding.
   *
   * @param spec the layer's arguments
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param outputPadding the output padding (ignored for Conv1d)
   * @return the estimate
   */
  public static WorkEstimate of(ConvSpec spec, int[] inputShape, int outputPadding) {
    int[] outputShape = spec.outputShape(inputShape, outputPadding);
    long input = product(inputShape);
    long output = product(outputShape);
    long weight = product(spec.weightShape()) + (spec.bias() ? spec.outChannels() : 0);
    long perElement =
        spec.transposed()
            ? (long) spec.outChannels() / spec.groups() * spec.kernelSize()
            : (long) spec.inChannels() / spec.groups() * spec.kernelSize();
    long macs = times(spec.transposed() ? input : output, perElement);
    return new WorkEstimate(input, output, weight, macs);
  }

  /**
   * Returns the elements of input, output and weight together: what a forward pass must hold. A
   * backward pass holds about twice as many (grad_output, grad_input, grad_weight).
   *
   * @return the sum, saturated at {@link Long#MAX_VALUE}
   */
  public long elements() {
    return plus(plus(inputElements, outputElements), weightElements);
  }

  /**
   * Returns the multiply-adds of a backward pass: grad_input and grad_weight each form as many
   * products as the forward pass.
   *
   * @return twice {@link #multiplyAdds()}, saturated
   */
  public long backwardMultiplyAdds() {
    return plus(multiplyAdds, multiplyAdds);
  }

  /**
   * Says why this configuration is beyond a budget, or nothing when it is within it: the reason a
   * checker prints when it skips the case.
   *
   * @param maxElements the most tensor elements allowed ({@link #elements()})
   * @param maxMultiplyAdds the most multiply-adds allowed
   * @param backward whether the gradients are computed too (then the backward multiply-adds are
   *     added to the forward ones)
   * @return the reason, empty when within the budget
   */
  public Optional<String> exceeds(long maxElements, long maxMultiplyAdds, boolean backward) {
    long macs = backward ? plus(multiplyAdds, backwardMultiplyAdds()) : multiplyAdds;
    if (elements() > maxElements) {
      return Optional.of(
          "holds "
              + elements()
              + " tensor elements (input "
              + inputElements
              + ", output "
              + outputElements
              + ", weight "
              + weightElements
              + "), more than the budget of "
              + maxElements);
    }
    if (macs > maxMultiplyAdds) {
      return Optional.of(
          "forms " + macs + " multiply-adds, more than the budget of " + maxMultiplyAdds);
    }
    return Optional.empty();
  }

  private static long product(int[] shape) {
    long p = 1;
    for (int dim : shape) {
      if (dim < 0) {
        throw new InvalidArgumentException(
            "input",
            "shape dimensions must be non-negative but shape was "
                + java.util.Arrays.toString(shape));
      }
      p = times(p, dim);
    }
    return p;
  }

  private static long times(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
  }

  private static long plus(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
