package org.torchparity.parity;

/**
 * A case names a module torch-parity does not implement (yet). Checks report it as SKIP naming the
 * module, never as a failure or a crash.
 */
public final class UnsupportedModuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String module;

  /**
   * Creates the exception.
   *
   * @param module PyTorch's class name, as the case wrote it
   */
  public UnsupportedModuleException(String module) {
    super(
        "module " + module + " is not implemented by torch-parity (it has " + Layers.names() + ")");
    this.module = module;
  }

  /**
   * Returns the module's name.
   *
   * @return PyTorch's class name
   */
  public String module() {
    return module;
  }
}
