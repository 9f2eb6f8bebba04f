package org.torchparity.bench;

import org.openjdk.jmh.annotations.Param;

/** Times raw DJL as a DJL user writes it, in a JVM with the memory recipe. */
public class DjlRecipeBenchmark extends ConvBenchmark {
  /** The case. */
  @Param({"tiny", "medium", "large", "depthwise", "dilated", "backward"})
  public String caseName;

  @Override
  Impl impl() {
    return Impl.RAW_DJL;
  }

  @Override
  String caseName() {
    return caseName;
  }
}
