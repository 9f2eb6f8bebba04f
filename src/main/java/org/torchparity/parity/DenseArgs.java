package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.torchparity.spec.DType;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.FlattenSpec;
import org.torchparity.spec.IdentitySpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.UnflattenSpec;

/**
 * How a case's {@code args} become the dense family's specs ({@code Identity}, {@code Linear},
 * {@code Embedding}, {@code Flatten}, {@code Unflatten}), with PyTorch's keywords and defaults: an
 * unknown keyword and a missing required one are refused as Python's {@code TypeError} refuses
 * them, naming the keyword.
 */
final class DenseArgs {
  private DenseArgs() {}

  /** {@code nn.Identity(*args, **kwargs)} takes and ignores anything. */
  static ModuleSpec identity(JsonNode args, List<ModuleSpec.NamedSpec> children, DType dtype) {
    return new IdentitySpec(dtype);
  }

  static ModuleSpec linear(JsonNode args, List<ModuleSpec.NamedSpec> children, DType dtype) {
    Args.only(args, "Linear", "in_features", "out_features", "bias");
    return new LinearSpec(
        required(args, "Linear", "in_features"),
        required(args, "Linear", "out_features"),
        Args.bool(args, "bias", true),
        dtype);
  }

  static ModuleSpec embedding(JsonNode args, List<ModuleSpec.NamedSpec> children, DType dtype) {
    for (String unsupported : new String[] {"_weight", "_freeze"}) {
      if (args.has(unsupported)) {
        throw new InvalidArgumentException(
            unsupported,
            "Embedding("
                + unsupported
                + "=...) is not supported: build the module, then load the weight with"
                + " loadStateDict (and leave it out of training to freeze it)");
      }
    }
    Args.only(
        args,
        "Embedding",
        "num_embeddings",
        "embedding_dim",
        "padding_idx",
        "max_norm",
        "norm_type",
        "scale_grad_by_freq",
        "sparse");
    return new EmbeddingSpec(
        required(args, "Embedding", "num_embeddings"),
        required(args, "Embedding", "embedding_dim"),
        Args.optionalInteger(args, "padding_idx", null),
        Args.optionalDecimal(args, "max_norm", null),
        Args.decimal(args, "norm_type", 2.0),
        Args.bool(args, "scale_grad_by_freq", false),
        Args.bool(args, "sparse", false),
        dtype);
  }

  static ModuleSpec flatten(JsonNode args, List<ModuleSpec.NamedSpec> children, DType dtype) {
    Args.only(args, "Flatten", "start_dim", "end_dim");
    return new FlattenSpec(
        Args.integer(args, "start_dim", 1), Args.integer(args, "end_dim", -1), dtype);
  }

  static ModuleSpec unflatten(JsonNode args, List<ModuleSpec.NamedSpec> children, DType dtype) {
    Args.only(args, "Unflatten", "dim", "unflattened_size");
    JsonNode dim = args.get("dim");
    if (dim != null && dim.isTextual()) {
      throw new InvalidArgumentException(
          "dim",
          "dim must be an int but was '"
              + dim.textValue()
              + "': named-tensor dims are not supported");
    }
    int d = required(args, "Unflatten", "dim");
    if (!args.has("unflattened_size")) {
      throw missing("Unflatten", "unflattened_size");
    }
    JsonNode sizes = args.get("unflattened_size");
    if (!sizes.isArray()) {
      throw new InvalidArgumentException(
          "unflattened_size",
          "unflattened_size must be a list or tuple of ints but was "
              + sizes
              + " (PyTorch: unflattened_size must be a tuple of ints, but found type "
              + pythonType(sizes)
              + ")");
    }
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      JsonNode v = sizes.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw new InvalidArgumentException(
            "unflattened_size",
            "unflattened_size must hold ints but holds "
                + v
                + " at position "
                + i
                + " (PyTorch: unflattened_size must be tuple of ints, but found element of type "
                + pythonType(v)
                + " at pos "
                + i
                + ")");
      }
      values.add(v.intValue());
    }
    return new UnflattenSpec(d, values, dtype);
  }

  private static int required(JsonNode args, String module, String key) {
    if (!args.has(key)) {
      throw missing(module, key);
    }
    if (args.get(key).isNull()) {
      throw new InvalidArgumentException(key, key + " must be an int but was None");
    }
    return Args.integer(args, key, 0);
  }

  private static InvalidArgumentException missing(String module, String key) {
    return new InvalidArgumentException(
        key, module + ".__init__() missing 1 required positional argument: '" + key + "'");
  }

  private static String pythonType(JsonNode v) {
    if (v.isBoolean()) {
      return "bool";
    }
    if (v.isIntegralNumber()) {
      return "int";
    }
    if (v.isNumber()) {
      return "float";
    }
    if (v.isTextual()) {
      return "str";
    }
    return v.isNull() ? "NoneType" : "dict";
  }
}
