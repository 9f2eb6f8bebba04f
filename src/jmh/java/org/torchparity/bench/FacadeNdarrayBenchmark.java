package org.torchparity.bench;

import org.openjdk.jmh.annotations.Param;

/** Times the facade on native arrays (no host copies), with the memory recipe. */
public class FacadeNdarrayBenchmark extends ConvBenchmark {
  /** The case. */
  @Param({"tiny", "medium", "large", "depthwise", "dilated", "transpose", "backward"})
  public String caseName;

  @Override
  Impl impl() {
    return Impl.FACADE_NDARRAY;
  }

  @Override
  String caseName() {
    return caseName;
  }
}
