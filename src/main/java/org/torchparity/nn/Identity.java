package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.IdentitySpec;

/**
 * {@code torch.nn.Identity}: returns its input, any shape. The output is a view of the input (a new
 * array handle on the same memory, as PyTorch returns the input tensor itself); the backward pass
 * passes {@code grad_output} through.
 */
public final class Identity extends Module {

  private Identity(IdentitySpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.Identity()} in float32 on the CPU.
   *
   * @return the module
   */
  public static Identity of() {
    return of(IdentitySpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Identity of(IdentitySpec spec, DeviceSpec device) {
    return new Identity(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    // A view, not the input itself: the caller owns the result and the input separately.
    return input.reshape(input.getShape());
  }
}
