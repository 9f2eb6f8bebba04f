package org.torchparity.parity;

import org.torchparity.nn.ConstantPad1d;
import org.torchparity.nn.Dropout;
import org.torchparity.nn.ReflectionPad1d;
import org.torchparity.nn.ReplicationPad1d;
import org.torchparity.nn.Upsample;
import org.torchparity.reference.ReferenceDropout;
import org.torchparity.reference.ReferencePad1d;
import org.torchparity.reference.ReferenceUpsample;
import org.torchparity.spec.ConstantPad1dSpec;
import org.torchparity.spec.DropoutSpec;
import org.torchparity.spec.ReflectionPad1dSpec;
import org.torchparity.spec.ReplicationPad1dSpec;
import org.torchparity.spec.UpsampleSpec;

/**
 * Registers padding, resampling and regularisation: ConstantPad1d, ReflectionPad1d,
 * ReplicationPad1d, Upsample, Dropout (one {@link LayerType} each; see {@link Layers}).
 */
final class PadLayers {
  private PadLayers() {}

  static void registerAll() {
    Layers.register(
        new LayerType(
            "ConstantPad1d",
            (args, children, dtype) -> PadArgs.constantPad1d(args, dtype),
            (spec, device) -> ConstantPad1d.of((ConstantPad1dSpec) spec, device),
            ReferencePad1d::new,
            PadConfigs::constantPad1d));
    Layers.register(
        new LayerType(
            "ReflectionPad1d",
            (args, children, dtype) -> PadArgs.reflectionPad1d(args, dtype),
            (spec, device) -> ReflectionPad1d.of((ReflectionPad1dSpec) spec, device),
            ReferencePad1d::new,
            PadConfigs::reflectionPad1d));
    Layers.register(
        new LayerType(
            "ReplicationPad1d",
            (args, children, dtype) -> PadArgs.replicationPad1d(args, dtype),
            (spec, device) -> ReplicationPad1d.of((ReplicationPad1dSpec) spec, device),
            ReferencePad1d::new,
            PadConfigs::replicationPad1d));
    Layers.register(
        new LayerType(
            "Upsample",
            (args, children, dtype) -> PadArgs.upsample(args, dtype),
            (spec, device) -> Upsample.of((UpsampleSpec) spec, device),
            spec -> new ReferenceUpsample((UpsampleSpec) spec),
            PadConfigs::upsample));
    Layers.register(
        new LayerType(
            "Dropout",
            (args, children, dtype) -> PadArgs.dropout(args, dtype),
            (spec, device) -> Dropout.of((DropoutSpec) spec, device),
            spec -> new ReferenceDropout((DropoutSpec) spec),
            PadConfigs::dropout));
  }
}
