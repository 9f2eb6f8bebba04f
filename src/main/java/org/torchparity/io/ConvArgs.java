package org.torchparity.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.ConvSpecBuilder;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;

/**
 * Turns PyTorch keyword arguments ({@code in_channels}, {@code kernel_size}, {@code padding}, ...),
 * as a case file's {@code args} object holds them, into a {@link ConvSpec}. Scalars may be
 * one-element lists, as PyTorch accepts; missing keys take PyTorch's defaults. Anything PyTorch
 * would refuse (a wrong type, a two-element list, an unknown keyword, an invalid value) is refused
 * here with an {@link InvalidArgumentException} naming {@code args.<key>}.
 */
public final class ConvArgs {
  private static final Set<String> CONV1D_KEYS =
      Set.of(
          "in_channels",
          "out_channels",
          "kernel_size",
          "stride",
          "padding",
          "dilation",
          "groups",
          "bias",
          "padding_mode",
          "device",
          "dtype");
  private static final Set<String> TRANSPOSE_ONLY_KEYS = Set.of("output_padding");

  private ConvArgs() {}

  /**
   * Builds the spec a module's keyword arguments describe.
   *
   * @param kind Conv1d or ConvTranspose1d
   * @param args the {@code args} object
   * @param dtype the case's dtype
   * @return the validated spec
   * @throws InvalidArgumentException when PyTorch would refuse the arguments
   */
  public static ConvSpec toSpec(ConvSpec.Kind kind, JsonNode args, DType dtype) {
    if (args == null || !args.isObject()) {
      throw new InvalidArgumentException("args", "args must be an object of keyword arguments");
    }
    for (Map.Entry<String, JsonNode> entry : args.properties()) {
      String key = entry.getKey();
      boolean known =
          CONV1D_KEYS.contains(key)
              || (kind == ConvSpec.Kind.CONV_TRANSPOSE1D && TRANSPOSE_ONLY_KEYS.contains(key));
      if (!known) {
        throw new InvalidArgumentException(
            "args." + key,
            kind.torchName() + " got an unexpected keyword argument 'args." + key + "'");
      }
    }
    int in = required(args, "in_channels");
    int out = required(args, "out_channels");
    int kernel = required(args, "kernel_size");
    ConvSpecBuilder b =
        kind == ConvSpec.Kind.CONV1D
            ? ConvSpec.conv1d(in, out, kernel)
            : ConvSpec.convTranspose1d(in, out, kernel);
    b.dtype(dtype);
    b.stride(optional(args, "stride", 1));
    b.dilation(optional(args, "dilation", 1));
    b.groups(optional(args, "groups", 1));
    b.outputPadding(optional(args, "output_padding", 0));
    JsonNode padding = unwrap(args.get("padding"), "padding");
    if (padding != null && !padding.isNull()) {
      if (padding.isTextual()) {
        String text = padding.asText();
        if (!"same".equals(text) && !"valid".equals(text)) {
          throw new InvalidArgumentException(
              "args.padding",
              "args.padding string must be 'same' or 'valid' but was '" + text + "'");
        }
        b.padding(text);
      } else {
        b.padding(integer(padding, "padding"));
      }
    }
    JsonNode bias = args.get("bias");
    if (bias != null && !bias.isNull()) {
      if (!bias.isBoolean()) {
        throw new InvalidArgumentException(
            "args.bias", "args.bias must be true or false but was " + bias);
      }
      b.bias(bias.booleanValue());
    }
    JsonNode mode = args.get("padding_mode");
    if (mode != null && !mode.isNull()) {
      if (!mode.isTextual()) {
        throw new InvalidArgumentException(
            "args.padding_mode", "args.padding_mode must be a string but was " + mode);
      }
      b.paddingMode(mode.asText());
    }
    JsonNode argDtype = args.get("dtype");
    if (argDtype != null && !argDtype.isNull() && DType.parse(argDtype.asText()) != dtype) {
      throw new InvalidArgumentException(
          "args.dtype",
          "args.dtype " + argDtype + " differs from the case's dtype " + dtype.torchName());
    }
    return b.build();
  }

  private static int required(JsonNode args, String key) {
    JsonNode node = unwrap(args.get(key), key);
    if (node == null || node.isNull()) {
      throw new InvalidArgumentException(
          "args." + key, "args." + key + " is required (a positional argument of the module)");
    }
    return integer(node, key);
  }

  private static int optional(JsonNode args, String key, int fallback) {
    JsonNode node = unwrap(args.get(key), key);
    return node == null || node.isNull() ? fallback : integer(node, key);
  }

  /** Accepts a scalar or a one-element list, as PyTorch's {@code _single} does. */
  private static JsonNode unwrap(JsonNode node, String key) {
    if (node != null && node.isArray()) {
      if (node.size() != 1) {
        throw new InvalidArgumentException(
            "args." + key,
            "args."
                + key
                + " must be a single value or a one-element list for a 1-d convolution but was "
                + node);
      }
      return node.get(0);
    }
    return node;
  }

  private static int integer(JsonNode node, String key) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidArgumentException(
          "args." + key, "args." + key + " must be an integer but was " + node);
    }
    return node.intValue();
  }
}
