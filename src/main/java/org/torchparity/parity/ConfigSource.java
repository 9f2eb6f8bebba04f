package org.torchparity.parity;

import java.util.SplittableRandom;
import org.torchparity.spec.DType;

/**
 * Where a layer type's sweep configurations come from: given a source of randomness, the dtype
 * already drawn and the sweep's bounds, a valid spec and an input shape PyTorch accepts for it.
 * Registered on a {@link LayerType}, so that adding a layer to {@link Layers} with a source makes
 * {@code sweep} draw it, and shrink its failures, too.
 */
@FunctionalInterface
public interface ConfigSource {

  /**
   * Draws one configuration. Must be deterministic in {@code random}.
   *
   * @param random the source of randomness
   * @param dtype the dtype of the module
   * @param bounds the sweep's size bounds
   * @return a configuration PyTorch accepts
   */
  Configuration draw(SplittableRandom random, DType dtype, Bounds bounds);

  /**
   * The sizes a sweep may draw.
   *
   * @param maxBatch the largest batch size (0 is drawn too)
   * @param maxExtraLength how far beyond the shortest valid length an input may reach
   */
  record Bounds(int maxBatch, int maxExtraLength) {}
}
