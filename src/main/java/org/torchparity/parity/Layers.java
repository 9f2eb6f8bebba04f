package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.io.ConvArgs;
import org.torchparity.io.ParityCase;
import org.torchparity.nn.ConvLayer;
import org.torchparity.nn.Module;
import org.torchparity.nn.ReLU;
import org.torchparity.nn.Sequential;
import org.torchparity.reference.ReferenceConvModule;
import org.torchparity.reference.ReferenceModule;
import org.torchparity.reference.ReferenceRelu;
import org.torchparity.reference.ReferenceSequential;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.SequentialSpec;

/**
 * The registry of layers the parity tools know: one {@link LayerType} per PyTorch class name. The
 * case reader's modules, {@code check}, the engine and reference kernels and the initialiser all
 * dispatch through it, so adding a layer means one {@link #register} line here (see {@code
 * docs/adding-a-layer.md}).
 */
public final class Layers {
  private static final Map<String, LayerType> TYPES = new LinkedHashMap<>();

  static {
    register(
        new LayerType(
            "Conv1d",
            (args, children, dtype) -> ConvArgs.toSpec(ConvSpec.Kind.CONV1D, args, dtype),
            (spec, device) -> ConvLayer.of((ConvSpec) spec, device),
            spec -> new ReferenceConvModule((ConvSpec) spec),
            ConvConfigs.source(ConvSpec.Kind.CONV1D)));
    register(
        new LayerType(
            "ConvTranspose1d",
            (args, children, dtype) -> ConvArgs.toSpec(ConvSpec.Kind.CONV_TRANSPOSE1D, args, dtype),
            (spec, device) -> ConvLayer.of((ConvSpec) spec, device),
            spec -> new ReferenceConvModule((ConvSpec) spec),
            ConvConfigs.source(ConvSpec.Kind.CONV_TRANSPOSE1D)));
    register(
        new LayerType(
            "ReLU",
            (args, children, dtype) ->
                new ReluSpec(
                    Args.bool(Args.only(args, "ReLU", "inplace"), "inplace", false), dtype),
            (spec, device) -> ReLU.of((ReluSpec) spec, device),
            spec -> new ReferenceRelu(),
            ModuleConfigs::relu));
    register(
        new LayerType(
            "Sequential",
            (args, children, dtype) -> {
              Args.only(args, "Sequential");
              return new SequentialSpec(children);
            },
            Layers::buildSequential,
            Layers::referenceSequential,
            ModuleConfigs::sequential));
    DenseLayers.registerAll();
    NormLayers.registerAll();
    ActivationLayers.registerAll();
    PadLayers.registerAll();
    PoolLayers.registerAll();
  }

  private Layers() {}

  /**
   * Adds a layer type; a later registration of the same name replaces the earlier one.
   *
   * @param type the layer
   */
  public static synchronized void register(LayerType type) {
    TYPES.put(type.name(), type);
  }

  /**
   * Returns the names of the registered layers, in registration order.
   *
   * @return PyTorch class names
   */
  public static synchronized Set<String> names() {
    return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(TYPES.keySet()));
  }

  /**
   * Returns the layers {@code sweep} can draw (those registered with a {@link ConfigSource}), in
   * registration order.
   *
   * @return PyTorch class names
   */
  public static synchronized List<String> sweepable() {
    return TYPES.values().stream().filter(t -> t.configs() != null).map(LayerType::name).toList();
  }

  /**
   * Returns a layer's configuration source.
   *
   * @param name PyTorch's class name
   * @return the source
   * @throws InvalidArgumentException naming {@code layers} when the layer is not registered or has
   *     no source
   */
  public static synchronized ConfigSource configSource(String name) {
    LayerType type = TYPES.get(name);
    if (type == null || type.configs() == null) {
      throw new InvalidArgumentException(
          "layers",
          "layers must be registered with a configuration source ("
              + sweepable()
              + ") but was '"
              + name
              + "'");
    }
    return type.configs();
  }

  /**
   * Tells whether a module and every module of its tree are registered, so that the engine and
   * reference kernels can run it.
   *
   * @param spec the module
   * @return {@code true} when every class name of the tree is registered
   */
  public static synchronized boolean knows(ModuleSpec spec) {
    return TYPES.containsKey(spec.typeName())
        && spec.children().stream().allMatch(child -> knows(child.spec()));
  }

  private static synchronized LayerType type(String name) {
    LayerType type = TYPES.get(name);
    if (type == null) {
      throw new UnsupportedModuleException(name);
    }
    return type;
  }

  /**
   * Parses a case's module tree into a spec.
   *
   * @param c the case
   * @return the spec
   * @throws UnsupportedModuleException when a module of the tree is not registered
   * @throws InvalidArgumentException when PyTorch would refuse an argument
   */
  public static ModuleSpec spec(ParityCase c) {
    return parse(c.module(), c.args(), c.children(), c.dtype());
  }

  /**
   * Parses a module tree written as the case format writes one: a class name, its keyword arguments
   * and its children ({@code name}, {@code module}, {@code args}, {@code children}).
   *
   * @param module PyTorch's class name
   * @param args the keyword arguments
   * @param children a container's children, in order
   * @param dtype the tree's dtype
   * @return the spec
   * @throws UnsupportedModuleException when a module of the tree is not registered
   */
  public static ModuleSpec parse(
      String module, JsonNode args, List<JsonNode> children, DType dtype) {
    LayerType type = type(module);
    List<ModuleSpec.NamedSpec> parsed = new ArrayList<>();
    for (JsonNode child : children) {
      List<JsonNode> grandchildren = new ArrayList<>();
      child.path("children").forEach(grandchildren::add);
      JsonNode childArgs = child.get("args");
      parsed.add(
          new ModuleSpec.NamedSpec(
              child.get("name").asText(),
              parse(
                  child.get("module").asText(),
                  childArgs == null || childArgs.isNull()
                      ? JsonNodeFactory.instance.objectNode()
                      : childArgs,
                  grandchildren,
                  dtype)));
    }
    return type.parser().parse(args, parsed, dtype);
  }

  /**
   * Builds a spec's module tree on the engine.
   *
   * @param spec the spec
   * @param device the device
   * @return the module, owned by the caller
   */
  public static Module build(ModuleSpec spec, DeviceSpec device) {
    return type(spec.typeName()).engine().build(spec, device);
  }

  /**
   * Builds a spec's reference.
   *
   * @param spec the spec
   * @return the reference
   */
  public static ReferenceModule reference(ModuleSpec spec) {
    return type(spec.typeName()).reference().build(spec);
  }

  private static Module buildSequential(ModuleSpec spec, DeviceSpec device) {
    Map<String, Module> children = new LinkedHashMap<>();
    try {
      for (ModuleSpec.NamedSpec child : spec.children()) {
        children.put(child.name(), build(child.spec(), device));
      }
      return Sequential.of(children);
    } catch (RuntimeException e) {
      children.values().forEach(Module::close);
      throw e;
    }
  }

  private static ReferenceModule referenceSequential(ModuleSpec spec) {
    Map<String, ReferenceModule> children = new LinkedHashMap<>();
    for (ModuleSpec.NamedSpec child : spec.children()) {
      children.put(child.name(), reference(child.spec()));
    }
    return new ReferenceSequential(children);
  }

  /**
   * Lists every parameter key of a spec's tree with its shape, in state-dict order.
   *
   * @param spec the spec
   * @return key to shape
   */
  public static Map<String, int[]> parameterShapes(ModuleSpec spec) {
    Map<String, int[]> out = new LinkedHashMap<>();
    collect(spec, "", out);
    return out;
  }

  /**
   * Returns the dtype of one parameter or buffer of a spec's tree by its state-dict key.
   *
   * @param spec the spec
   * @param key such as {@code 0.num_batches_tracked}
   * @return its dtype
   * @throws InvalidArgumentException when the tree has no such key
   */
  public static DType parameterDType(ModuleSpec spec, String key) {
    int dot = key.indexOf('.');
    if (spec.parameterNames().contains(key)) {
      return spec.parameterDType(key);
    }
    if (dot > 0) {
      String head = key.substring(0, dot);
      for (ModuleSpec.NamedSpec child : spec.children()) {
        if (child.name().equals(head)) {
          return parameterDType(child.spec(), key.substring(dot + 1));
        }
      }
    }
    throw new InvalidArgumentException(
        "key", spec.typeName() + " has no parameter or buffer '" + key + "'");
  }

  private static void collect(ModuleSpec spec, String prefix, Map<String, int[]> out) {
    for (String name : spec.parameterNames()) {
      out.put(prefix + name, spec.parameterShape(name));
    }
    for (ModuleSpec.NamedSpec child : spec.children()) {
      collect(child.spec(), prefix + child.name() + ".", out);
    }
  }
}
