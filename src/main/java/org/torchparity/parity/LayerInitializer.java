package org.torchparity.parity;

import org.torchparity.engine.DeviceSpec;
import org.torchparity.nn.Module;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * Seeded initialisation as PyTorch does it: {@code torch.manual_seed(seed)}, then the whole tree
 * built in order ({@link Module#manualSeed}), each layer drawing its {@code reset_parameters} from
 * libtorch's global generator.
 */
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
  public java.util.Map<String, Tensor> initialState(ModuleSpec spec, long seed) {
    try (Module module = Module.manualSeed(seed, () -> Layers.build(spec, device))) {
      return module.stateDict();
    }
  }
}
