package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * Stateless forms of the layers, like {@code torch.nn.functional.conv1d} and {@code
 * conv_transpose1d}: the weight and bias are arguments. Each call copies the tensors to the device
 * in a manager of its own and closes it before returning.
 */
public final class Functional {
  private Functional() {}

  /**
   * Runs the forward pass on the CPU.
   *
   * @param spec the layer's arguments
   * @param input {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param weight the weight, shaped as {@link ConvSpec#weightShape()}
   * @param bias the bias, or {@code null} when the spec has none
   * @return the output
   */
  public static Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    return forward(spec, input, weight, bias, DeviceSpec.CPU);
  }

  /**
   * Runs the forward pass on a device.
   *
   * @param spec the layer's arguments
   * @param input the input
   * @param weight the weight
   * @param bias the bias or {@code null}
   * @param device {@code cpu} or {@code cuda:N}
   * @return the output
   */
  public static Tensor forward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, DeviceSpec device) {
    check(spec, input, weight, bias);
    try (NDManager manager = TorchEngine.get().newManager(device)) {
      NDArray y =
          EngineConv.forward(
              spec,
              TensorConversion.toNDArray(manager, input),
              TensorConversion.toNDArray(manager, weight),
              bias == null ? null : TensorConversion.toNDArray(manager, bias),
              spec.outputPadding());
      return TensorConversion.toTensor(y);
    }
  }

  /**
   * Runs the backward pass on the CPU.
   *
   * @param spec the layer's arguments
   * @param input the forward input
   * @param weight the weight
   * @param bias the bias or {@code null}
   * @param gradOutput the gradient with respect to the output
   * @return the gradients
   */
  public static Gradients backward(
      ConvSpec spec, Tensor input, Tensor weight, Tensor bias, Tensor gradOutput) {
    return backward(spec, input, weight, bias, gradOutput, DeviceSpec.CPU);
  }

  /**
   * Runs the backward pass on a device, computed as the layers compute it ({@link EngineBackward}).
   *
   * @param spec the layer's arguments
   * @param input the forward input
   * @param weight the weight
   * @param bias the bias or {@code null}
   * @param gradOutput the gradient with respect to the output
   * @param device {@code cpu} or {@code cuda:N}
   * @return the gradients
   */
  public static Gradients backward(
      ConvSpec spec,
      Tensor input,
      Tensor weight,
      Tensor bias,
      Tensor gradOutput,
      DeviceSpec device) {
    return backward(spec, input, weight, bias, gradOutput, device, EngineBackward::backward);
  }

  /**
   * Runs the backward pass on a device through libtorch's autograd of the forward pass ({@link
   * EngineConv#autogradBackward}): the second engine route, kept to cross-check the first.
   */
  public static Gradients autogradBackward(
      ConvSpec spec,
      Tensor input,
      Tensor weight,
      Tensor bias,
      Tensor gradOutput,
      DeviceSpec device) {
    return backward(spec, input, weight, bias, gradOutput, device, EngineConv::autogradBackward);
  }

  /** An engine route from the forward arguments and grad_output to the three gradients. */
  @FunctionalInterface
  private interface GradientRoute {
    NDArray[] run(ConvSpec spec, NDArray x, NDArray weight, NDArray bias, NDArray gradOutput);
  }

  private static Gradients backward(
      ConvSpec spec,
      Tensor input,
      Tensor weight,
      Tensor bias,
      Tensor gradOutput,
      DeviceSpec device,
      GradientRoute route) {
    check(spec, input, weight, bias);
    spec.checkGradOutput(input.shape(), gradOutput);
    try (NDManager manager = TorchEngine.get().newManager(device)) {
      NDArray[] grads =
          route.run(
              spec,
              TensorConversion.toNDArray(manager, input),
              TensorConversion.toNDArray(manager, weight),
              bias == null ? null : TensorConversion.toNDArray(manager, bias),
              TensorConversion.toNDArray(manager, gradOutput));
      return Gradients.ofConv(
          TensorConversion.toTensor(grads[0]),
          TensorConversion.toTensor(grads[1]),
          grads[2] == null ? null : TensorConversion.toTensor(grads[2]));
    }
  }

  private static void check(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
    spec.checkInput(input);
    spec.checkWeight(weight);
    spec.checkBias(bias);
  }
}
