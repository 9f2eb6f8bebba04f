package org.torchparity.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Times the facade's float[] API (Tensor for backward), with the memory recipe, as the CLI runs it.
 */
public class FacadeBenchmark extends ConvBenchmark {
  /** The case. */
  @Param({"tiny", "medium", "large", "depthwise", "dilated", "transpose", "backward"})
  public String caseName;

  @Override
  Impl impl() {
    return Impl.FACADE;
  }

  @Override
  String caseName() {
    return caseName;
  }
}
