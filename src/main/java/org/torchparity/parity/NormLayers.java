package org.torchparity.parity;

import org.torchparity.nn.BatchNorm1d;
import org.torchparity.nn.GroupNorm;
import org.torchparity.nn.InstanceNorm1d;
import org.torchparity.nn.LayerNorm;
import org.torchparity.reference.ReferenceBatchNorm1d;
import org.torchparity.reference.ReferenceGroupNorm;
import org.torchparity.reference.ReferenceInstanceNorm1d;
import org.torchparity.reference.ReferenceLayerNorm;
import org.torchparity.spec.BatchNorm1dSpec;
import org.torchparity.spec.GroupNormSpec;
import org.torchparity.spec.InstanceNorm1dSpec;
import org.torchparity.spec.LayerNormSpec;

/**
 * Registers the normalisation layers: BatchNorm1d, InstanceNorm1d, GroupNorm, LayerNorm (one {@link
 * LayerType} each; see {@link Layers}).
 */
final class NormLayers {
  private NormLayers() {}

  static void registerAll() {
    Layers.register(
        new LayerType(
            "BatchNorm1d",
            (args, children, dtype) -> NormConfigs.batchNorm(args, dtype),
            (spec, device) -> BatchNorm1d.of((BatchNorm1dSpec) spec, device),
            spec -> new ReferenceBatchNorm1d((BatchNorm1dSpec) spec),
            NormConfigs::batchNorm));
    Layers.register(
        new LayerType(
            "InstanceNorm1d",
            (args, children, dtype) -> NormConfigs.instanceNorm(args, dtype),
            (spec, device) -> InstanceNorm1d.of((InstanceNorm1dSpec) spec, device),
            spec -> new ReferenceInstanceNorm1d((InstanceNorm1dSpec) spec),
            NormConfigs::instanceNorm));
    Layers.register(
        new LayerType(
            "GroupNorm",
            (args, children, dtype) -> NormConfigs.groupNorm(args, dtype),
            (spec, device) -> GroupNorm.of((GroupNormSpec) spec, device),
            spec -> new ReferenceGroupNorm((GroupNormSpec) spec),
            NormConfigs::groupNorm));
    Layers.register(
        new LayerType(
            "LayerNorm",
            (args, children, dtype) -> NormConfigs.layerNorm(args, dtype),
            (spec, device) -> LayerNorm.of((LayerNormSpec) spec, device),
            spec -> new ReferenceLayerNorm((LayerNormSpec) spec),
            NormConfigs::layerNorm));
  }
}
