package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.nn.Module;
import org.torchparity.reference.ReferenceModule;
import org.torchparity.spec.DType;
import org.torchparity.spec.ModuleSpec;

/**
 * Everything the parity tools need to know about one layer: how to read its arguments from a case,
 * how to build it on the engine, and its pure-Java reference. One {@link Layers} entry per layer.
 *
 * @param name PyTorch's class name in {@code torch.nn}
 * @param parser case arguments (and children) to a validated spec
 * @param engine spec to a module on the engine
 * @param reference spec to the reference
 * @param configs where {@code sweep} draws configurations of this layer, or {@code null} when it
 *     draws none
 */
public record LayerType(
    String name,
    SpecParser parser,
    EngineFactory engine,
    ReferenceFactory reference,
    ConfigSource configs) {

  /**
   * A layer the sweep does not draw.
   *
   * @param name PyTorch's class name
   * @param parser case arguments to a spec
   * @param engine spec to a module on the engine
   * @param reference spec to the reference
   */
  public LayerType(
      String name, SpecParser parser, EngineFactory engine, ReferenceFactory reference) {
    this(name, parser, engine, reference, null);
  }

  /** Reads a layer's spec from a case's {@code args} (and a container's children). */
  @FunctionalInterface
  public interface SpecParser {
    /**
     * Parses and validates.
     *
     * @param args PyTorch's keyword arguments as written
     * @param children a container's children, already parsed
     * @param dtype the case's dtype
     * @return the spec
     * @throws org.torchparity.spec.InvalidArgumentException when PyTorch would refuse the args
     */
    ModuleSpec parse(JsonNode args, List<ModuleSpec.NamedSpec> children, DType dtype);
  }

  /** Builds a layer's module on the engine. */
  @FunctionalInterface
  public interface EngineFactory {
    /**
     * Builds the module; a container builds its children through {@link Layers#build}.
     *
     * @param spec the spec
     * @param device the device
     * @return the module, owned by the caller
     */
    Module build(ModuleSpec spec, DeviceSpec device);
  }

  /** Builds a layer's reference. */
  @FunctionalInterface
  public interface ReferenceFactory {
    /**
     * Builds the reference; a container builds its children's through {@link Layers#reference}.
     *
     * @param spec the spec
     * @return the reference
     */
    ReferenceModule build(ModuleSpec spec);
  }
}
