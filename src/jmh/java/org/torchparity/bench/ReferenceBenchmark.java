package org.torchparity.bench;

import org.openjdk.jmh.annotations.Param;

/** Times the pure-Java reference. */
public class ReferenceBenchmark extends ConvBenchmark {
  /** The case. */
  @Param({"tiny", "medium", "large", "depthwise", "dilated", "transpose", "backward"})
  public String caseName;

  @Override
  Impl impl() {
    return Impl.REFERENCE;
  }

  @Override
  String caseName() {
    return caseName;
  }
}
