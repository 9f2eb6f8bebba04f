package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.InvalidArgumentException;

/**
 * {@code torch.nn.Conv1d} on DJL's PyTorch engine.
 *
 * <pre>{@code
 * try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build())) {
 *   conv.fillWeight(0, 1.0);   // conv.weight[0] = 1
 *   conv.setBiasAt(0, 0.0);    // conv.bias[0] = 0
 *   Tensor y = conv.forward(Tensor.of(new int[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
 *   // y = [[[12., 16.]]]
 * }
 * }</pre>
 *
 * <p>Input {@code (N, C_in, L)} or unbatched {@code (C_in, L)}; weight {@code (C_out, C_in/groups,
 * k)}; bias {@code (C_out)}; output length {@code floor((L + padLeft + padRight - dilation*(k-1) -
 * 1) / stride) + 1}. Every constructor argument of PyTorch's module is in {@link ConvSpec}; where
 * DJL names them differently ({@code filters} for out channels, {@code kernelShape} for the kernel
 * size) this API keeps PyTorch's names. New layers start with PyTorch's default initialisation; see
 * {@link #resetParameters(long)} for a seeded one.
 */
public final class Conv1d extends ConvLayer {

  private Conv1d(ConvSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds a Conv1d on the CPU.
   *
   * @param spec arguments of kind {@link ConvSpec.Kind#CONV1D}
   * @return the layer; close it when done
   */
  public static Conv1d of(ConvSpec spec) {
    return of(spec, DeviceSpec.CPU);
  }

  /**
   * Builds a Conv1d on a device.
   *
   * @param spec arguments of kind {@link ConvSpec.Kind#CONV1D}
   * @param device {@code cpu} or {@code cuda:N}
   * @return the layer; close it when done
   * @throws org.torchparity.engine.EngineUnavailableException when the device is unavailable
   */
  public static Conv1d of(ConvSpec spec, DeviceSpec device) {
    if (spec.kind() != ConvSpec.Kind.CONV1D) {
      throw new InvalidArgumentException(
          "spec", "Conv1d needs a Conv1d spec but got " + spec.kind().torchName() + ": " + spec);
    }
    return new Conv1d(spec, device);
  }

  /**
   * Builds {@code nn.Conv1d(inChannels, outChannels, kernelSize)} with PyTorch's defaults.
   *
   * @param inChannels C_in
   * @param outChannels C_out
   * @param kernelSize k
   * @return the layer; close it when done
   */
  public static Conv1d of(int inChannels, int outChannels, int kernelSize) {
    return of(ConvSpec.conv1d(inChannels, outChannels, kernelSize).build());
  }

  @Override
  NDArray run(NDArray x, NDArray weight, NDArray bias, int outputPadding) {
    return EngineConv.conv1d(spec(), x, weight, bias);
  }
}
