package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.TanhSpec;

/**
 * {@code torch.nn.Tanh}: libtorch's {@code tanh}, whose backward is {@code tanh_backward}: {@code
 * grad * (1 - y * y)} from the rounded output {@code y}.
 */
public final class Tanh extends Module {
  private final TanhSpec spec;

  private Tanh(TanhSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Tanh()} in float32 on the CPU.
   *
   * @return the module
   */
  public static Tanh of() {
    return of(TanhSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Tanh of(TanhSpec spec, DeviceSpec device) {
    return new Tanh(spec, device);
  }

  @Override
  public TanhSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return input.tanh();
  }
}
