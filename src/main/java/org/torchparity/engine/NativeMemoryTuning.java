package org.torchparity.engine;

/**
 * Placeholder for the allocator tuning applied before the first tensor; see the performance work.
 */
final class NativeMemoryTuning {
  private NativeMemoryTuning() {}

  static String applyIfRequested() {
    return "off";
  }
}
