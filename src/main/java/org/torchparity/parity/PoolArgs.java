package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.AvgPool1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LpPool1dSpec;
import org.torchparity.spec.MaxPool1dSpec;
import org.torchparity.spec.SizeArg;

/**
 * Reads the 1-D pooling modules' keyword arguments from a case's {@code args}, with PyTorch's
 * defaults. A size argument may be an int or a one-element list, as Python takes it; its form is
 * kept for the repr. What PyTorch refuses of a list (another length) is refused here with PyTorch's
 * words.
 */
final class PoolArgs {
  private PoolArgs() {}

  static MaxPool1dSpec maxPool1d(JsonNode args, DType dtype) {
    Args.only(
        args,
        "MaxPool1d",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "return_indices",
        "ceil_mode");
    String check =
        "max_pool1d() %s must be an int, list of ints or tuple of ints of size 1 but got size %d";
    return new MaxPool1dSpec(
        size(args, "kernel_size", null, "MaxPool1d", check),
        optionalSize(args, "stride", check),
        size(args, "padding", SizeArg.of(0), "MaxPool1d", check),
        size(args, "dilation", SizeArg.of(1), "MaxPool1d", check),
        Args.bool(args, "return_indices", false),
        Args.bool(args, "ceil_mode", false),
        dtype);
  }

  static AvgPool1dSpec avgPool1d(JsonNode args, DType dtype) {
    Args.only(
        args, "AvgPool1d", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad");
    String check = "avg_pool1d() argument '%s' should contain one int (got %d)";
    SizeArg stride = optionalSize(args, "stride", check);
    return new AvgPool1dSpec(
        size(args, "kernel_size", null, "AvgPool1d", check).value(),
        stride == null ? null : stride.value(),
        size(args, "padding", SizeArg.of(0), "AvgPool1d", check).value(),
        Args.bool(args, "ceil_mode", false),
        Args.bool(args, "count_include_pad", true),
        dtype);
  }

  static AdaptiveAvgPool1dSpec adaptiveAvgPool1d(JsonNode args, DType dtype) {
    Args.only(args, "AdaptiveAvgPool1d", "output_size");
    return new AdaptiveAvgPool1dSpec(
        outputSize(args, "AdaptiveAvgPool1d", "adaptive_avg_pool1d"), dtype);
  }

  static AdaptiveMaxPool1dSpec adaptiveMaxPool1d(JsonNode args, DType dtype) {
    Args.only(args, "AdaptiveMaxPool1d", "output_size", "return_indices");
    return new AdaptiveMaxPool1dSpec(
        outputSize(args, "AdaptiveMaxPool1d", "adaptive_max_pool1d"),
        Args.bool(args, "return_indices", false),
        dtype);
  }

  static LpPool1dSpec lpPool1d(JsonNode args, DType dtype) {
    Args.only(args, "LPPool1d", "norm_type", "kernel_size", "stride", "ceil_mode");
    required("LPPool1d", args, "norm_type");
    JsonNode norm = args.get("norm_type");
    boolean integral = norm.isIntegralNumber();
    JsonNode kernel = required("LPPool1d", args, "kernel_size");
    if (!kernel.isIntegralNumber() || !kernel.canConvertToInt()) {
      throw new InvalidArgumentException(
          "kernel_size",
          "kernel_size must be an int but was "
              + kernel
              + ": LPPool1d's forward multiplies by it (PyTorch: mul(): argument 'other' (position"
              + " 1) must be Tensor, not list)");
    }
    return new LpPool1dSpec(
        Args.decimal(args, "norm_type", 0),
        integral,
        kernel.intValue(),
        optionalSize(args, "stride", "avg_pool1d() argument '%s' should contain one int (got %d)"),
        Args.bool(args, "ceil_mode", false),
        dtype);
  }

  private static SizeArg outputSize(JsonNode args, String module, String op) {
    JsonNode v = required(module, args, "output_size");
    if (v.isNull()) {
      throw new InvalidArgumentException(
          "output_size",
          op + "(): argument 'output_size' (position 2) must be tuple of ints, not NoneType");
    }
    return size(
        args, "output_size", null, module, op + "() argument '%s' should contain one int (got %d)");
  }

  /** The node of a required argument, refused as Python's TypeError when absent. */
  private static JsonNode required(String module, JsonNode args, String key) {
    JsonNode v = args.get(key);
    if (v == null) {
      throw new InvalidArgumentException(
          key, module + ".__init__() missing 1 required positional argument: '" + key + "'");
    }
    return v;
  }

  /** A size; absent gives the default, or is refused when there is none. */
  private static SizeArg size(
      JsonNode args, String key, SizeArg defaultValue, String module, String lengthMessage) {
    JsonNode v = defaultValue == null ? required(module, args, key) : args.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v.isNull()) {
      throw new InvalidArgumentException(
          key, key + " must be an int or a one-element list but was None");
    }
    return parse(key, v, lengthMessage);
  }

  /** A size or {@code None} ({@code null}); absent is {@code None}. */
  private static SizeArg optionalSize(JsonNode args, String key, String lengthMessage) {
    JsonNode v = args.get(key);
    return v == null || v.isNull() ? null : parse(key, v, lengthMessage);
  }

  private static SizeArg parse(String key, JsonNode v, String lengthMessage) {
    if (v.isArray()) {
      if (v.size() != 1) {
        throw new InvalidArgumentException(key, String.format(lengthMessage, key, v.size()));
      }
      return SizeArg.listOf(Args.integer(wrap(key, v.get(0)), key, 0));
    }
    return SizeArg.of(Args.integer(wrap(key, v), key, 0));
  }

  /** {@code {key: v}}, so the {@link Args} readers (which name the key) can read one node. */
  private static JsonNode wrap(String key, JsonNode v) {
    return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().set(key, v);
  }
}
