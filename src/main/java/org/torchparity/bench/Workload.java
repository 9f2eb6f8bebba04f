package org.torchparity.bench;

/**
 * One implementation prepared for one case: inputs and parameters are made once, outside the
 * timing; {@link #call()} is what is timed.
 */
interface Workload extends AutoCloseable {
  /** Runs one call: the forward pass (or the backward pass) from host data to host data. */
  void call();

  /**
   * Runs one call and returns its output, for the check before timing (forward workloads only).
   *
   * @return the output's values, row-major
   * @throws UnsupportedOperationException when this workload does not expose its output
   */
  default float[] output() {
    throw new UnsupportedOperationException("this workload does not expose its output");
  }

  /** Frees the native memory the workload holds. */
  @Override
  void close();
}
