package org.torchparity.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Padding;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.SequentialSpec;
import org.torchparity.spec.Tensor;

/**
 * Writes {@code torch-parity-case/2} files that {@link CaseReader} reads back exactly, so that a
 * case found by torch-parity (a shrunk sweep failure) can be replayed with {@code check} or handed
 * to someone with PyTorch. Every number is written as the shortest decimal that round-trips the
 * double it is stored as (float32 values are exact doubles, so they round-trip too); non-finite
 * values as {@code "nan"}, {@code "inf"}, {@code "-inf"}; {@code args} with PyTorch's keyword
 * names, every argument spelled out.
 */
public final class CaseWriter {
  private static final JsonFactory FACTORY = new JsonFactory();

  private CaseWriter() {}

  /**
   * Builds a forward case: a layer, its tensors and the output some implementation gave.
   *
   * @param name the case's name
   * @param source where the case comes from; say which implementation produced {@code output}
   * @param torchVersion the version of what produced {@code output}
   * @param spec the layer's arguments
   * @param input the input
   * @param weight the weight
   * @param bias the bias, or {@code null} when the spec has none
   * @param output the expected output
   * @return the case (its {@code file} is its name until it is written)
   */
  public static ParityCase forwardCase(
      String name,
      String source,
      String torchVersion,
      ConvSpec spec,
      Tensor input,
      Tensor weight,
      Tensor bias,
      Tensor output) {
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", weight);
    if (bias != null) {
      state.put("bias", bias);
    }
    return forwardCase(name, source, torchVersion, spec, state, input, output);
  }

  /**
   * Builds a forward case for any module the writer knows ({@link #args(ModuleSpec)}): its tree,
   * its state dict, its input and the output some implementation gave.
   *
   * @param name the case's name
   * @param source where the case comes from; say which implementation produced {@code output}
   * @param torchVersion the version of what produced {@code output}
   * @param spec the module
   * @param state its parameters by state-dict key
   * @param input the input
   * @param output the expected output
   * @return the case (its {@code file} is its name until it is written)
   * @throws InvalidArgumentException naming {@code spec} for a module the writer does not know
   */
  public static ParityCase forwardCase(
      String name,
      String source,
      String torchVersion,
      ModuleSpec spec,
      Map<String, Tensor> state,
      Tensor input,
      Tensor output) {
    return new ParityCase(
        name,
        2,
        name,
        source,
        torchVersion,
        spec.typeName(),
        args(spec),
        children(spec),
        spec.dtype(),
        true,
        new LinkedHashMap<>(state),
        Map.of(),
        List.of(input),
        List.of(output),
        List.of(),
        List.of(),
        Map.of(),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * Returns PyTorch's keyword arguments for any module the writer knows: a convolution's as {@link
   * #args(ConvSpec)}, ReLU's {@code inplace}, nothing for a Sequential (its children are {@link
   * #children}).
   *
   * @param spec the module
   * @return the {@code args} object
   * @throws InvalidArgumentException naming {@code spec} for another module
   */
  public static ObjectNode args(ModuleSpec spec) {
    if (spec instanceof ConvSpec conv) {
      return args(conv);
    }
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    if (spec instanceof ReluSpec relu) {
      args.put("inplace", relu.inplace());
      return args;
    }
    if (spec instanceof SequentialSpec) {
      return args;
    }
    Map<String, Object> arguments = spec.arguments();
    if (arguments != null) {
      arguments.forEach((key, value) -> args.set(key, json(value)));
      return args;
    }
    throw new InvalidArgumentException(
        "spec",
        "spec must list its arguments() to be written but " + spec.typeName() + " does not");
  }

  private static JsonNode json(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null) {
      return f.nullNode();
    } else if (value instanceof Boolean b) {
      return f.booleanNode(b);
    } else if (value instanceof Integer i) {
      return f.numberNode(i);
    } else if (value instanceof Long l) {
      return f.numberNode(l);
    } else if (value instanceof Double d) {
      return f.numberNode(d);
    } else if (value instanceof String str) {
      return f.textNode(str);
    } else if (value instanceof List<?> list) {
      com.fasterxml.jackson.databind.node.ArrayNode array = f.arrayNode();
      list.forEach(item -> array.add(json(item)));
      return array;
    }
    throw new InvalidArgumentException(
        "arguments",
        "an argument must be a boolean, number, string, list or null but was " + value);
  }

  /**
   * Returns a container's children as a case file's {@code children} nodes: {@code name}, {@code
   * module}, {@code args} and, for a nested container, {@code children}.
   *
   * @param spec the module
   * @return the nodes, empty for a leaf
   */
  public static List<JsonNode> children(ModuleSpec spec) {
    List<JsonNode> nodes = new ArrayList<>();
    for (ModuleSpec.NamedSpec child : spec.children()) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("name", child.name());
      node.put("module", child.spec().typeName());
      node.set("args", args(child.spec()));
      List<JsonNode> grandchildren = children(child.spec());
      if (!grandchildren.isEmpty()) {
        node.set("children", JsonNodeFactory.instance.arrayNode().addAll(grandchildren));
      }
      nodes.add(node);
    }
    return nodes;
  }

  /**
   * Returns PyTorch's keyword arguments for a spec, as a case file's {@code args} object holds
   * them.
   *
   * @param spec the layer's arguments
   * @return {@code in_channels}, {@code out_channels}, {@code kernel_size}, {@code stride}, {@code
   *     padding}, {@code dilation}, {@code groups}, {@code bias}, {@code padding_mode} and, for
   *     ConvTranspose1d, {@code output_padding}
   */
  public static ObjectNode args(ConvSpec spec) {
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    args.put("in_channels", spec.inChannels());
    args.put("out_channels", spec.outChannels());
    args.put("kernel_size", spec.kernelSize());
    args.put("stride", spec.stride());
    Padding padding = spec.padding();
    if (padding.kind() == Padding.Kind.EXPLICIT) {
      args.put("padding", padding.amount());
    } else {
      args.put("padding", padding.torchRepr());
    }
    if (spec.transposed()) {
      args.put("output_padding", spec.outputPadding());
    }
    args.put("dilation", spec.dilation());
    args.put("groups", spec.groups());
    args.put("bias", spec.bias());
    args.put("padding_mode", spec.paddingMode().torchName());
    return args;
  }

  /**
   * Formats a case as {@code torch-parity-case/2} JSON: one key a line, each tensor's data on one
   * line. Absent values, empty maps and empty lists are left out (a layer without bias has no
   * {@code bias} in its {@code state}, as in PyTorch's state dict); one input or output is written
   * as {@code input}/{@code output}, several as {@code inputs}/{@code outputs}; a tensor whose
   * dtype is not the case's names its own.
   *
   * @param c the case
   * @return the JSON text, ending with a newline
   */
  public static String toJson(ParityCase c) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(text).setCodec(new ObjectMapper())) {
      DefaultPrettyPrinter pretty =
          new DefaultPrettyPrinter(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                  .withArrayEmptySeparator("")
                  .withObjectEmptySeparator(""));
      pretty.indentObjectsWith(new DefaultIndenter("  ", "\n"));
      g.setPrettyPrinter(pretty);
      g.writeStartObject();
      g.writeStringField("format", CaseReader.FORMAT);
      g.writeStringField("name", c.name());
      writeOptionalString(g, "source", c.source());
      writeOptionalString(g, "torch_version", c.torchVersion());
      g.writeStringField("module", c.module());
      g.writeFieldName("args");
      writeArgs(g, c.args());
      if (!c.children().isEmpty()) {
        g.writeFieldName("children");
        g.writeTree(JsonNodeFactory.instance.arrayNode().addAll(c.children()));
      }
      g.writeStringField("dtype", c.dtype().torchName());
      if (!c.training()) {
        g.writeBooleanField("training", false);
      }
      writeTensors(g, "state", c.state(), c.dtype());
      writeTensors(g, "state_after", c.stateAfter(), c.dtype());
      writeList(g, "input", "inputs", c.inputs(), c.dtype());
      writeList(g, "output", "outputs", c.outputs(), c.dtype());
      writeList(g, "grad_output", "grad_outputs", c.gradOutputs(), c.dtype());
      writeList(g, "grad_input", "grad_inputs", c.gradInputs(), c.dtype());
      writeTensors(g, "grads", c.grads(), c.dtype());
      if (c.initSeed() != null) {
        g.writeNumberField("init_seed", c.initSeed());
      }
      if (c.forwardSeed() != null) {
        g.writeNumberField("forward_seed", c.forwardSeed());
      }
      writeOptionalString(g, "error", c.error());
      writeOptionalString(g, "stage", c.stage());
      writeOptionalString(g, "path", c.path());
      if (c.call() != null) {
        g.writeNumberField("call", c.call());
      }
      writeOptionalString(g, "model", c.model());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string failed", e);
    }
    return text + "\n";
  }

  /**
   * Writes a case to a file, creating its directory.
   *
   * @param file the file to write
   * @param c the case
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, ParityCase c) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(c), StandardCharsets.UTF_8);
  }

  private static void writeOptionalString(JsonGenerator g, String key, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(key, value);
    }
  }

  private static void writeArgs(JsonGenerator g, JsonNode args) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, JsonNode> e : args.properties()) {
      g.writeFieldName(e.getKey());
      g.writeTree(e.getValue());
    }
    g.writeEndObject();
  }

  private static void writeTensors(
      JsonGenerator g, String key, Map<String, Tensor> tensors, DType dtype) throws IOException {
    if (tensors.isEmpty()) {
      return;
    }
    g.writeFieldName(key);
    g.writeStartObject();
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      g.writeFieldName(e.getKey());
      writeTensor(g, e.getValue(), dtype);
    }
    g.writeEndObject();
  }

  private static void writeList(
      JsonGenerator g, String single, String plural, List<Tensor> tensors, DType dtype)
      throws IOException {
    if (tensors.size() == 1) {
      g.writeFieldName(single);
      writeTensor(g, tensors.get(0), dtype);
    } else if (tensors.size() > 1) {
      g.writeFieldName(plural);
      g.writeStartArray();
      for (Tensor t : tensors) {
        writeTensor(g, t, dtype);
      }
      g.writeEndArray();
    }
  }

  private static void writeTensor(JsonGenerator g, Tensor t, DType caseDType) throws IOException {
    g.writeStartObject();
    g.writeFieldName("shape");
    int[] shape = t.shape();
    g.writeArray(shape, 0, shape.length);
    if (t.dtype() != caseDType) {
      g.writeStringField("dtype", t.dtype().torchName());
    }
    g.writeFieldName("data");
    g.writeStartArray();
    if (!t.dtype().isFloatingPoint()) {
      for (long v : t.toLongArray()) {
        g.writeNumber(v);
      }
      g.writeEndArray();
      g.writeEndObject();
      return;
    }
    for (int i = 0; i < t.numel(); i++) {
      double v = t.getFlat(i);
      if (Double.isNaN(v)) {
        g.writeString("nan");
      } else if (Double.isInfinite(v)) {
        g.writeString(v > 0 ? "inf" : "-inf");
      } else {
        g.writeNumber(v);
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
