package org.torchparity.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Padding;
import org.torchparity.spec.Tensor;

/**
 * Writes {@code torch-parity-case/1} files that {@link CaseReader} reads back exactly, so that a
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
    return new ParityCase(
        name,
        name,
        source,
        torchVersion,
        spec.kind(),
        args(spec),
        spec.dtype(),
        input,
        weight,
        bias,
        output,
        null,
        null,
        null,
        null,
        null,
        null);
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
   * Formats a case as {@code torch-parity-case/1} JSON: one key a line, each tensor's data on one
   * line. Keys whose value is absent ({@code null}) are left out, except {@code bias}, which is
   * written as {@code null} when the layer has none, as the format asks.
   *
   * @param c the case
   * @return the JSON text, ending with a newline
   */
  public static String toJson(ParityCase c) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(text)) {
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
      g.writeStringField("module", c.module().torchName());
      g.writeFieldName("args");
      g.writeStartObject();
      for (Map.Entry<String, JsonNode> e : c.args().properties()) {
        g.writeFieldName(e.getKey());
        JsonNode v = e.getValue();
        if (v.isBoolean()) {
          g.writeBoolean(v.booleanValue());
        } else if (v.isIntegralNumber()) {
          g.writeNumber(v.longValue());
        } else {
          g.writeString(v.asText());
        }
      }
      g.writeEndObject();
      g.writeStringField("dtype", c.dtype().torchName());
      writeTensor(g, "input", c.input());
      writeTensor(g, "weight", c.weight());
      if (c.bias() == null && c.weight() != null) {
        g.writeNullField("bias");
      } else {
        writeTensor(g, "bias", c.bias());
      }
      writeTensor(g, "output", c.output());
      writeTensor(g, "grad_output", c.gradOutput());
      writeTensor(g, "grad_input", c.gradInput());
      writeTensor(g, "grad_weight", c.gradWeight());
      writeTensor(g, "grad_bias", c.gradBias());
      if (c.seed() != null) {
        g.writeNumberField("seed", c.seed());
      }
      writeOptionalString(g, "error", c.error());
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

  private static void writeTensor(JsonGenerator g, String key, Tensor t) throws IOException {
    if (t == null) {
      return;
    }
    g.writeFieldName(key);
    g.writeStartObject();
    g.writeFieldName("shape");
    int[] shape = t.shape();
    g.writeArray(shape, 0, shape.length);
    g.writeFieldName("data");
    g.writeStartArray();
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
