package org.torchparity.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the tool's version from the jar manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "torch-parity " + (version == null ? "(development build)" : version),
      "DJL 0.36.0, libtorch 2.7.1"
    };
  }
}
