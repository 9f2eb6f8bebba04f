package org.torchparity.bench;

/**
 * One implementation prepared for one case: inputs and parameters are made once, outside the
 * timing; {@link #call()} is what is timed.
 */
interface Workload extends AutoCloseable {
  /** Runs one call: the forward pass (or the backward pass) from host data to host data. */
  void call();

  /** Frees the native memory the workload holds. */
  @Override
  void close();
}
