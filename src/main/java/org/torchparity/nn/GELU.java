package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.GeluSpec;

/**
 * {@code torch.nn.GELU}: {@code x * Phi(x)} elementwise on any shape. {@code approximate='none'} is
 * libtorch's own {@code gelu} (DJL's {@code JniUtils.gelu}, which takes no {@code approximate} and
 * so runs the exact, erf form), with libtorch's autograd ({@code gelu_backward}) as backward.
 * {@code approximate='tanh'} is unreachable through DJL 0.36, so it is composed from libtorch ops
 * in the order of PyTorch's kernel ({@link GateOps#geluTanh}) and differentiated by libtorch's
 * autograd.
 *
 * <p>libtorch 2.7.1's float32 {@code gelu} differs from PyTorch 1.13's at the top of the range: on
 * tensors of two or more elements it gives NaN for +inf (1.13: inf) and inf above {@code
 * Float.MAX_VALUE / 2} (1.13: the input); torch-parity follows 2.7.1 (see
 * docs/modules/activations-gate.md).
 */
public final class GELU extends Module {
  private final GeluSpec spec;

  private GELU(GeluSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.GELU()} (the exact form) in float32 on the CPU.
   *
   * @return the module
   */
  public static GELU of() {
    return of(GeluSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds {@code nn.GELU(approximate=approximate)} in float32 on the CPU.
   *
   * @param approximate {@code none} or {@code tanh} (another string is refused at forward, as
   *     PyTorch refuses it)
   * @return the module
   */
  public static GELU of(String approximate) {
    return of(new GeluSpec(approximate, org.torchparity.spec.DType.FLOAT32), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static GELU of(GeluSpec spec, DeviceSpec device) {
    return new GELU(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    return spec.tanh() ? GateOps.geluTanh(input) : JniUtils.gelu((PtNDArray) input);
  }
}
