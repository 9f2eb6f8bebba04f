package org.torchparity.parity;

import org.torchparity.nn.AdaptiveAvgPool1d;
import org.torchparity.nn.AdaptiveMaxPool1d;
import org.torchparity.nn.AvgPool1d;
import org.torchparity.nn.LPPool1d;
import org.torchparity.nn.MaxPool1d;
import org.torchparity.reference.ReferenceAdaptiveAvgPool1d;
import org.torchparity.reference.ReferenceAdaptiveMaxPool1d;
import org.torchparity.reference.ReferenceAvgPool1d;
import org.torchparity.reference.ReferenceLpPool1d;
import org.torchparity.reference.ReferenceMaxPool1d;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.AvgPool1dSpec;
import org.torchparity.spec.LpPool1dSpec;
import org.torchparity.spec.MaxPool1dSpec;

/**
 * Registers pooling: MaxPool1d, AvgPool1d, AdaptiveAvgPool1d, AdaptiveMaxPool1d, LPPool1d (one
 * {@link LayerType} each; see {@link Layers}).
 */
final class PoolLayers {
  private PoolLayers() {}

  static void registerAll() {
    Layers.register(
        new LayerType(
            "MaxPool1d",
            (args, children, dtype) -> PoolArgs.maxPool1d(args, dtype),
            (spec, device) -> MaxPool1d.of((MaxPool1dSpec) spec, device),
            spec -> new ReferenceMaxPool1d((MaxPool1dSpec) spec),
            PoolConfigs::maxPool1d));
    Layers.register(
        new LayerType(
            "AvgPool1d",
            (args, children, dtype) -> PoolArgs.avgPool1d(args, dtype),
            (spec, device) -> AvgPool1d.of((AvgPool1dSpec) spec, device),
            spec -> new ReferenceAvgPool1d((AvgPool1dSpec) spec),
            PoolConfigs::avgPool1d));
    Layers.register(
        new LayerType(
            "AdaptiveAvgPool1d",
            (args, children, dtype) -> PoolArgs.adaptiveAvgPool1d(args, dtype),
            (spec, device) -> AdaptiveAvgPool1d.of((AdaptiveAvgPool1dSpec) spec, device),
            spec -> new ReferenceAdaptiveAvgPool1d((AdaptiveAvgPool1dSpec) spec),
            PoolConfigs::adaptiveAvgPool1d));
    Layers.register(
        new LayerType(
            "AdaptiveMaxPool1d",
            (args, children, dtype) -> PoolArgs.adaptiveMaxPool1d(args, dtype),
            (spec, device) -> AdaptiveMaxPool1d.of((AdaptiveMaxPool1dSpec) spec, device),
            spec -> new ReferenceAdaptiveMaxPool1d((AdaptiveMaxPool1dSpec) spec),
            PoolConfigs::adaptiveMaxPool1d));
    Layers.register(
        new LayerType(
            "LPPool1d",
            (args, children, dtype) -> PoolArgs.lpPool1d(args, dtype),
            (spec, device) -> LPPool1d.of((LpPool1dSpec) spec, device),
            spec -> new ReferenceLpPool1d((LpPool1dSpec) spec),
            PoolConfigs::lpPool1d));
  }
}
