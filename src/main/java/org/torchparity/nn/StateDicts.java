package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.torchparity.io.StateDictException;
import org.torchparity.io.StateDictFile;
import org.torchparity.io.StoredTensor;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * {@code load_state_dict} for a {@link Module} tree, with PyTorch's rules and wording: every
 * parameter and buffer key of the tree is matched against the state dict; missing and unexpected
 * keys are errors when strict; a size mismatch is an error either way; all errors are reported
 * together as {@code Error(s) in loading state_dict for Name:\n\t...}. Either every tensor is
 * installed or none is.
 *
 * <p>A file's tensors arrive in their stored dtype ({@link StoredTensor}): float32, float64, int64
 * and bool as they are; float16, bfloat16, int32, int16, int8 and uint8, which modules do not hold,
 * are a dtype mismatch when strict and converted to the slot's dtype when lenient, as {@code
 * load_state_dict} copies them.
 */
final class StateDicts {
  private StateDicts() {}

  /** Where one key of the tree lives: its module, its own name there, its shape and dtype. */
  private record Slot(Module module, String name, int[] shape, DType dtype) {}

  /**
   * A state dict's value for one key: a tensor, or a stored tensor of a dtype tensors do not hold
   * (converted only when loading leniently).
   */
  private record Value(Tensor tensor, StoredTensor stored) {
    int[] shape() {
      return tensor != null ? tensor.shape() : stored.shape();
    }
  }

  /** A tensor to install, converted to the module's dtype. */
  record Assignment(Module module, String name, Tensor value) {}

  static void load(
      Module root, Map<String, Tensor> state, String prefix, boolean strict, Path file) {
    HostCalls.notNull("state", state);
    Map<String, Value> values = new LinkedHashMap<>();
    state.forEach((key, tensor) -> values.put(key, new Value(tensor, null)));
    loadValues(root, values, prefix, strict, file);
  }

  /** Loads a state dict file ({@code .pt}, {@code .pth}, {@code .npz}, {@code .safetensors}). */
  static void loadFile(Module root, Path file, String prefix, boolean strict) {
    HostCalls.notNull("file", file);
    HostCalls.notNull("prefix", prefix);
    Map<String, Value> values = new LinkedHashMap<>();
    StateDictFile.readStored(file)
        .forEach(
            (key, stored) ->
                values.put(
                    key,
                    stored.fitsTensor()
                        ? new Value(stored.toTensor(), null)
                        : new Value(null, stored)));
    loadValues(root, values, prefix, strict, file);
  }

  private static void loadValues(
      Module root, Map<String, Value> state, String prefix, boolean strict, Path file) {
    HostCalls.notNull("prefix", prefix);
    Map<String, Slot> slots = slots(root, prefix);
    List<String> errors = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<Assignment> assignments = new ArrayList<>();
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      Value value = state.get(e.getKey());
      if (value == null) {
        missing.add(e.getKey());
      } else {
        match(root, e.getKey(), e.getValue(), value, strict, errors, assignments);
      }
    }
    for (String key : state.keySet()) {
      if (key.startsWith(prefix) && !slots.containsKey(key)) {
        unexpected.add(key);
      }
    }
    if (strict && !unexpected.isEmpty()) {
      errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
    }
    if (strict && !missing.isEmpty()) {
      errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
    }
    if (!errors.isEmpty()) {
      throw new StateDictException(
          file,
          null,
          "Error(s) in loading state_dict for "
              + root.spec().typeName()
              + ":\n\t"
              + String.join("\n\t", errors));
    }
    install(root, assignments, file);
  }

  /** Matches a few keys (a {@code set} call) strictly, refusing unknown keys by name. */
  static List<Assignment> matchSubset(Module root, Map<String, Tensor> values) {
    Map<String, Slot> slots = slots(root, "");
    List<String> errors = new ArrayList<>();
    List<Assignment> assignments = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : values.entrySet()) {
      Slot slot = slots.get(e.getKey());
      if (slot == null) {
        throw new InvalidArgumentException(
            "key",
            root.spec().typeName()
                + " has no parameter or buffer '"
                + e.getKey()
                + "'; it has "
                + slots.keySet());
      }
      match(root, e.getKey(), slot, new Value(e.getValue(), null), true, errors, assignments);
    }
    if (!errors.isEmpty()) {
      throw new InvalidArgumentException(values.keySet().iterator().next(), errors.get(0));
    }
    return assignments;
  }

  private static void match(
      Module root,
      String key,
      Slot slot,
      Value candidate,
      boolean strict,
      List<String> errors,
      List<Assignment> out) {
    if (!Arrays.equals(candidate.shape(), slot.shape())) {
      errors.add(
          "size mismatch for "
              + key
              + ": copying a param with shape "
              + torchSize(candidate.shape())
              + " from checkpoint, the shape in current model is "
              + torchSize(slot.shape())
              + ".");
      return;
    }
    if (candidate.stored() != null) {
      StoredTensor stored = candidate.stored();
      if (strict) {
        errors.add(
            "dtype mismatch for "
                + key
                + ": copying a param of dtype "
                + stored.dtype()
                + " from checkpoint, the dtype in current model is "
                + slot.dtype().torchName()
                + " (load with strict=false to convert).");
        return;
      }
      out.add(new Assignment(slot.module(), slot.name(), stored.convertTo(slot.dtype())));
      return;
    }
    Tensor value = candidate.tensor();
    DType wanted = slot.module().dtype();
    boolean isFloat = value.dtype().isFloatingPoint();
    DType target = isFloat ? wanted : value.dtype();
    if (strict && isFloat && value.dtype() != wanted) {
      errors.add(
          "dtype mismatch for "
              + key
              + ": copying a param of dtype "
              + value.dtype().torchName()
              + " from checkpoint, the dtype in current model is "
              + wanted.torchName()
              + " (load with strict=false to convert).");
      return;
    }
    out.add(new Assignment(slot.module(), slot.name(), value.to(target)));
  }

  /** Installs every assignment under the tree's write locks: all or nothing. */
  static void install(Module root, List<Assignment> assignments, Path file) {
    root.writeTree(
        () -> {
          Map<Assignment, NDArray> made = new LinkedHashMap<>();
          try {
            for (Assignment a : assignments) {
              made.put(a, TensorConversion.toNDArray(a.module().manager(), a.value()));
            }
          } catch (RuntimeException e) {
            made.values().forEach(NDArray::close);
            throw e;
          }
          made.forEach(
              (a, array) -> {
                if (a.module().ownParameters().containsKey(a.name())) {
                  a.module().registerParameter(a.name(), array);
                } else {
                  a.module().registerBuffer(a.name(), array);
                }
              });
          for (Assignment a : assignments) {
            a.module().stateChanged(a.name());
          }
        });
  }

  /** Every key of the tree under {@code prefix}, in state-dict order. */
  private static Map<String, Slot> slots(Module root, String prefix) {
    Map<String, Slot> slots = new LinkedHashMap<>();
    root.visit(
        prefix,
        (p, m) ->
            m.read(
                () -> {
                  addSlots(slots, p, m, m.ownParameters());
                  addSlots(slots, p, m, m.ownBuffers());
                  return null;
                }));
    return slots;
  }

  private static void addSlots(
      Map<String, Slot> slots, String prefix, Module m, Map<String, NDArray> arrays) {
    arrays.forEach(
        (name, array) -> {
          if (array != null) {
            slots.put(
                prefix + name,
                new Slot(
                    m,
                    name,
                    TensorConversion.intShape(array.getShape()),
                    TensorConversion.anyDtype(name, array.getDataType())));
          }
        });
  }

  static void write(Path file, String prefix, Map<String, Tensor> state) {
    HostCalls.notNull("file", file);
    Map<String, Tensor> named = new LinkedHashMap<>();
    state.forEach((key, value) -> named.put(prefix + key, value));
    StateDictFile.write(file, named);
  }

  private static String torchSize(int[] shape) {
    return "torch.Size("
        + Arrays.stream(shape)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(", ", "[", "]"))
        + ")";
  }

  private static String quoted(List<String> keys) {
    return keys.stream().map(k -> '"' + k + '"').collect(Collectors.joining(", "));
  }
}
