package org.torchparity.cli;

import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import picocli.CommandLine.Option;

/**
 * The {@code --device} option, shared by every command that runs the engine: parsed while the
 * command line is parsed, so a misspelt device is a usage error (exit 2), and checked against the
 * loaded libtorch before any work starts, so a device that is missing ends the command (exit 1)
 * before it prints anything.
 */
final class DeviceOption {
  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "cpu",
      converter = OptionLimits.Device.class,
      description = "Engine device: cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  DeviceSpec device;

  /**
   * Starts the engine and checks that it can run on the device.
   *
   * @return the device
   */
  DeviceSpec checked() {
    TorchEngine.get().device(device);
    return device;
  }
}
