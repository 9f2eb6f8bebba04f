package org.torchparity.bench;

import org.openjdk.jmh.annotations.Param;

/**
 * Times the whole-model cases through the module tree ({@code facade-ndarray}) and compiled into
 * one TorchScript graph ({@code facade-scripted}, {@code facade-scripted-folded}), the JMH
 * cross-check of {@code bench --cases models}.
 */
public class ModelBenchmark extends ConvBenchmark {
  /** The case. */
  @Param({"model-audio", "model-resnet", "model-separation"})
  public String caseName;

  /** The implementation. */
  @Param({"facade-ndarray", "facade-scripted", "facade-scripted-folded"})
  public String implName;

  @Override
  Impl impl() {
    for (Impl impl : Impl.values()) {
      if (impl.label().equals(implName)) {
        return impl;
      }
    }
    throw new IllegalArgumentException("no implementation " + implName);
  }

  @Override
  String caseName() {
    return caseName;
  }
}
