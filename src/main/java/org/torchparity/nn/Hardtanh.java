package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.HardtanhSpec;

/**
 * {@code torch.nn.Hardtanh}: {@code clamp(x, min_val, max_val)} with {@code hardtanh_backward}'s
 * gradient (the output's gradient strictly inside the bounds, 0 at and beyond them). DJL has no
 * {@code hardtanh} op, so it is composed (see {@code RectifierOps.hardtanh}).
 */
public final class Hardtanh extends Module {
  private final HardtanhSpec spec;

  private Hardtanh(HardtanhSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Hardtanh(min_val, max_val)} in float32 on the CPU.
   *
   * @param minVal the lower bound
   * @param maxVal the upper bound, above {@code minVal}
   * @return the module
   */
  public static Hardtanh of(double minVal, double maxVal) {
    return of(HardtanhSpec.of(minVal, maxVal), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Hardtanh of(HardtanhSpec spec, DeviceSpec device) {
    return new Hardtanh(spec, device);
  }

  @Override
  public HardtanhSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    return RectifierOps.hardtanh(input, spec.minVal(), spec.maxVal());
  }
}
