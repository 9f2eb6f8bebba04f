package org.torchparity.bench;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Param;

/** Times raw DJL as a DJL user writes it, in a JVM without the memory recipe (DJL's defaults). */
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xmx2g",
      "-Dtorchparity.memoryTuning=false",
      "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
      "-Dorg.slf4j.simpleLogger.log.ai.djl=error"
    })
public class DjlDefaultsBenchmark extends ConvBenchmark {
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
