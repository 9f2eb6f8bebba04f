package org.torchparity.nn;

import org.torchparity.engine.DeviceSpec;
import org.torchparity.parity.Initializer;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

/** Seeded initialisation through the layers' {@link ConvLayer#resetParameters(long)}. */
public final class LayerInitializer implements Initializer {
  private final DeviceSpec device;

  /** Initialises on the CPU, where the seeded stream matches PyTorch's. */
  public LayerInitializer() {
    this(DeviceSpec.CPU);
  }

  /**
   * Initialises on a device.
   *
   * @param device {@code cpu} or {@code cuda:N}
   */
  public LayerInitializer(DeviceSpec device) {
    this.device = device;
  }

  @Override
  public Tensor[] initialParameters(ConvSpec spec, long seed) {
    try (ConvLayer layer = ConvLayer.of(spec, device)) {
      layer.resetParameters(seed);
      return new Tensor[] {layer.weight(), layer.bias()};
    }
  }
}
