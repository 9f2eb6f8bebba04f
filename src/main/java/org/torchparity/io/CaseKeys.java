package org.torchparity.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The keys of case formats 1 and 2 and the JSON type of each value. */
final class CaseKeys {
  private CaseKeys() {}

  /** How a key's value is read. */
  enum Kind {
    STRING,
    BOOLEAN,
    INTEGER,
    TREE,
    TENSOR,
    TENSOR_MAP,
    TENSOR_LIST,
    UNKNOWN
  }

  private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

  static {
    for (String k :
        new String[] {
          "format",
          "name",
          "source",
          "torch_version",
          "module",
          "dtype",
          "error",
          "stage",
          "path",
          "model"
        }) {
      KINDS.put(k, Kind.STRING);
    }
    KINDS.put("training", Kind.BOOLEAN);
    for (String k : new String[] {"seed", "init_seed", "forward_seed", "call"}) {
      KINDS.put(k, Kind.INTEGER);
    }
    KINDS.put("args", Kind.TREE);
    KINDS.put("children", Kind.TREE);
    for (String k :
        new String[] {
          "input",
          "output",
          "grad_output",
          "grad_input",
          "weight",
          "bias",
          "grad_weight",
          "grad_bias"
        }) {
      KINDS.put(k, Kind.TENSOR);
    }
    for (String k : new String[] {"state", "state_after", "grads"}) {
      KINDS.put(k, Kind.TENSOR_MAP);
    }
    for (String k : new String[] {"inputs", "outputs", "grad_outputs", "grad_inputs"}) {
      KINDS.put(k, Kind.TENSOR_LIST);
    }
  }

  /** Keys format 1 has. */
  static final Set<String> FORMAT_1 =
      Set.of(
          "format",
          "name",
          "source",
          "torch_version",
          "module",
          "args",
          "dtype",
          "input",
          "weight",
          "bias",
          "output",
          "grad_output",
          "grad_input",
          "grad_weight",
          "grad_bias",
          "seed",
          "error");

  /** Keys format 2 has. */
  static final Set<String> FORMAT_2 =
      Set.of(
          "format",
          "name",
          "source",
          "torch_version",
          "module",
          "args",
          "children",
          "dtype",
          "training",
          "state",
          "state_after",
          "input",
          "inputs",
          "output",
          "outputs",
          "grad_output",
          "grad_outputs",
          "grad_input",
          "grad_inputs",
          "grads",
          "init_seed",
          "forward_seed",
          "error",
          "stage",
          "path",
          "call",
          "model");

  static Kind kind(String key) {
    return KINDS.getOrDefault(key, Kind.UNKNOWN);
  }

  static String describe() {
    return "the format has " + String.join(", ", KINDS.keySet());
  }
}
