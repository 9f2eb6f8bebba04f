package org.torchparity.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.io.StateDictException;
import org.torchparity.io.StateDictFile;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

/**
 * Matches a state dict against a layer as PyTorch's {@code load_state_dict} does: the layer's keys
 * are {@code prefix + "weight"} and, with a bias, {@code prefix + "bias"}; keys under the prefix
 * that the layer does not have are unexpected. Strict (the default) refuses missing and unexpected
 * keys and dtype mismatches; lenient ignores them and converts dtypes. A shape mismatch is refused
 * either way, as PyTorch does.
 */
final class StateDictLoader {
  private StateDictLoader() {}

  /** The parameters to install: weight and, when the layer has one and it was found, bias. */
  record Loaded(Tensor weight, Tensor bias) {}

  static Loaded match(
      ConvSpec spec,
      String layerName,
      Map<String, StateDictFile.Entry> state,
      String prefix,
      boolean strict,
      java.nio.file.Path file) {
    String weightKey = prefix + "weight";
    String biasKey = prefix + "bias";
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    if (!state.containsKey(weightKey)) {
      missing.add(weightKey);
    }
    if (spec.bias() && !state.containsKey(biasKey)) {
      missing.add(biasKey);
    }
    for (String key : state.keySet()) {
      boolean ours = key.equals(weightKey) || (spec.bias() && key.equals(biasKey));
      if (!ours && key.startsWith(prefix)) {
        unexpected.add(key);
      }
    }
    if (strict && (!missing.isEmpty() || !unexpected.isEmpty())) {
      StringBuilder message = new StringBuilder("Error(s) in loading state_dict for " + layerName);
      if (!missing.isEmpty()) {
        message.append(": Missing key(s) in state_dict: ").append(quoted(missing)).append('.');
      }
      if (!unexpected.isEmpty()) {
        message
            .append(missing.isEmpty() ? ": " : " ")
            .append("Unexpected key(s) in state_dict: ")
            .append(quoted(unexpected))
            .append('.');
      }
      message.append(" (load with strict=false to ignore them)");
      throw new StateDictException(file, null, message.toString());
    }
    if (!state.containsKey(weightKey)) {
      throw new StateDictException(
          file, weightKey, "the weight is required even when loading leniently");
    }
    Tensor weight =
        convert(spec, state.get(weightKey), weightKey, spec.weightShape(), strict, file);
    Tensor bias = null;
    if (spec.bias() && state.containsKey(biasKey)) {
      bias = convert(spec, state.get(biasKey), biasKey, spec.biasShape(), strict, file);
    }
    return new Loaded(weight, bias);
  }

  private static Tensor convert(
      ConvSpec spec,
      StateDictFile.Entry entry,
      String key,
      int[] shape,
      boolean strict,
      java.nio.file.Path file) {
    int[] stored = entry.values().shape();
    if (!Arrays.equals(stored, shape)) {
      throw new StateDictException(
          file,
          key,
          "size mismatch: copying a param with shape "
              + Arrays.toString(stored)
              + " from checkpoint, the shape in current model is "
              + Arrays.toString(shape));
    }
    if (strict && !entry.dtype().equals(spec.dtype().torchName())) {
      throw new StateDictException(
          file,
          key,
          "dtype mismatch: expected "
              + spec.dtype().torchName()
              + " but the state dict holds "
              + entry.dtype()
              + " (load with strict=false to convert)");
    }
    return entry.values().to(spec.dtype());
  }

  static Map<String, StateDictFile.Entry> entries(Map<String, Tensor> state) {
    Map<String, StateDictFile.Entry> entries = new LinkedHashMap<>();
    state.forEach(
        (key, tensor) ->
            entries.put(key, new StateDictFile.Entry(tensor.dtype().torchName(), tensor)));
    return entries;
  }

  private static String quoted(List<String> keys) {
    StringBuilder out = new StringBuilder();
    for (String key : keys) {
      out.append(out.length() == 0 ? "" : ", ").append('"').append(key).append('"');
    }
    return out.toString();
  }
}
