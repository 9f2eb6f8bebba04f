package org.torchparity.bench;

import org.openjdk.jmh.annotations.Param;

/** Times the facade on caller-owned direct buffers (input read in place), with the recipe. */
public class FacadeBufferBenchmark extends ConvBenchmark {
  /** The case. */
  @Param({"tiny", "medium", "large", "depthwise", "dilated", "transpose"})
  public String caseName;

  @Override
  Impl impl() {
    return Impl.FACADE_BUFFER;
  }

  @Override
  String caseName() {
    return caseName;
  }
}
