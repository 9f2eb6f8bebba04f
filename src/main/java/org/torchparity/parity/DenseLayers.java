package org.torchparity.parity;

import org.torchparity.nn.Embedding;
import org.torchparity.nn.Flatten;
import org.torchparity.nn.Identity;
import org.torchparity.nn.Linear;
import org.torchparity.nn.Unflatten;
import org.torchparity.reference.ReferenceEmbedding;
import org.torchparity.reference.ReferenceLinear;
import org.torchparity.reference.ReferenceReshape;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.FlattenSpec;
import org.torchparity.spec.IdentitySpec;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.UnflattenSpec;

/**
 * Registers the dense, shape and container-free modules: Identity, Linear, Embedding, Flatten,
 * Unflatten (one {@link LayerType} each; see {@link Layers}).
 */
final class DenseLayers {
  private DenseLayers() {}

  static void registerAll() {
    Layers.register(
        new LayerType(
            "Identity",
            DenseArgs::identity,
            (spec, device) -> Identity.of((IdentitySpec) spec, device),
            ReferenceReshape::new,
            DenseConfigs::identity));
    Layers.register(
        new LayerType(
            "Linear",
            DenseArgs::linear,
            (spec, device) -> Linear.of((LinearSpec) spec, device),
            spec -> new ReferenceLinear((LinearSpec) spec),
            DenseConfigs::linear));
    Layers.register(
        new LayerType(
            "Embedding",
            DenseArgs::embedding,
            (spec, device) -> Embedding.of((EmbeddingSpec) spec, device),
            spec -> new ReferenceEmbedding((EmbeddingSpec) spec),
            DenseConfigs::embedding));
    Layers.register(
        new LayerType(
            "Flatten",
            DenseArgs::flatten,
            (spec, device) -> Flatten.of((FlattenSpec) spec, device),
            ReferenceReshape::new,
            DenseConfigs::flatten));
    Layers.register(
        new LayerType(
            "Unflatten",
            DenseArgs::unflatten,
            (spec, device) -> Unflatten.of((UnflattenSpec) spec, device),
            ReferenceReshape::new,
            DenseConfigs::unflatten));
  }
}
