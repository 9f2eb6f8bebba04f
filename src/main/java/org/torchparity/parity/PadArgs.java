package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import org.torchparity.spec.ConstantPad1dSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.DropoutSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ReflectionPad1dSpec;
import org.torchparity.spec.ReplicationPad1dSpec;
import org.torchparity.spec.UpsampleSpec;

/**
 * Reads the padding, resampling and regularisation modules' keyword arguments from a case's {@code
 * args} with PyTorch's defaults and required arguments; {@link Layers} registers these parsers.
 */
final class PadArgs {
  private PadArgs() {}

  static ModuleSpec constantPad1d(JsonNode args, DType dtype) {
    Args.only(args, "ConstantPad1d", "padding", "value");
    return ConstantPad1dSpec.ofPadding(
        padding(args, "ConstantPad1d"), number(args, "ConstantPad1d", "value", null), dtype);
  }

  static ModuleSpec reflectionPad1d(JsonNode args, DType dtype) {
    Args.only(args, "ReflectionPad1d", "padding");
    return ReflectionPad1dSpec.ofPadding(padding(args, "ReflectionPad1d"), dtype);
  }

  static ModuleSpec replicationPad1d(JsonNode args, DType dtype) {
    Args.only(args, "ReplicationPad1d", "padding");
    return ReplicationPad1dSpec.ofPadding(padding(args, "ReplicationPad1d"), dtype);
  }

  static ModuleSpec dropout(JsonNode args, DType dtype) {
    Args.only(args, "Dropout", "p", "inplace");
    return new DropoutSpec(
        number(args, "Dropout", "p", 0.5), Args.bool(args, "inplace", false), dtype);
  }

  static ModuleSpec upsample(JsonNode args, DType dtype) {
    Args.only(
        args,
        "Upsample",
        "size",
        "scale_factor",
        "mode",
        "align_corners",
        "recompute_scale_factor");
    JsonNode size = args.get("size");
    Integer sizeValue = null;
    boolean sizeIsSequence = size != null && size.isArray();
    if (size != null && !size.isNull()) {
      int[] sizes = Args.intList(args, "size", null);
      if (sizes.length != 1) {
        throw new InvalidArgumentException(
            "size",
            "size must be an int or a one-element sequence for 1-d upsampling (PyTorch: Input and"
                + " output must have the same number of spatial dimensions) but was "
                + size);
      }
      sizeValue = sizes[0];
    }
    JsonNode scale = args.get("scale_factor");
    Double scaleValue = null;
    boolean scaleIsSequence = scale != null && scale.isArray();
    if (scale != null && !scale.isNull()) {
      double[] scales = Args.decimalList(args, "scale_factor", null);
      if (scales.length != 1) {
        throw new InvalidArgumentException(
            "scale_factor",
            "scale_factor must be a float or a one-element sequence for 1-d upsampling (PyTorch:"
                + " Input and scale_factor must have the same number of spatial dimensions) but"
                + " was "
                + scale);
      }
      // nn.Upsample keeps `float(scale_factor) if scale_factor else None`: a zero is None, a
      // one-element tuple (even of zero) is kept.
      scaleValue = scaleIsSequence || scales[0] != 0 ? scales[0] : null;
    }
    return new UpsampleSpec(
        sizeValue,
        sizeIsSequence,
        scaleValue,
        scaleIsSequence,
        Args.string(args, "mode", "nearest"),
        optionalBool(args, "align_corners"),
        optionalBool(args, "recompute_scale_factor"),
        dtype);
  }

  private static int[] padding(JsonNode args, String module) {
    if (!args.has("padding")) {
      throw new InvalidArgumentException(
          "padding", module + ".__init__() missing 1 required positional argument: 'padding'");
    }
    int[] padding = Args.intList(args, "padding", null);
    if (padding == null) {
      throw new InvalidArgumentException(
          "padding", "padding must be an int or a pair (left, right) but was None");
    }
    return padding;
  }

  /** An int (kept as a {@link Long}) or a float; absent gives the default, or is refused. */
  private static Number number(JsonNode args, String module, String key, Number defaultValue) {
    JsonNode v = args.get(key);
    if (v == null) {
      if (defaultValue == null) {
        throw new InvalidArgumentException(
            key, module + ".__init__() missing 1 required positional argument: '" + key + "'");
      }
      return defaultValue;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    return Args.decimal(args, key, 0.0);
  }

  private static Boolean optionalBool(JsonNode args, String key) {
    return Args.isNone(args, key) || !Args.has(args, key) ? null : Args.bool(args, key, false);
  }
}
