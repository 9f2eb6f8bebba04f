package org.torchparity.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * The checking half of {@link CaseReader}: turns what {@link CaseParse} read into a {@link
 * ParityCase}, for format 2 and format 1, refusing keys of the other format, contradictions ({@code
 * output} beside {@code error}, gradients without {@code grad_output}, {@code stage} without {@code
 * error}) and file references that leave the case's folder, and reading each referenced weights
 * file once through {@link StateDictFile}.
 */
final class CaseAssembler {
  private static final Set<String> STAGES = Set.of("construct", "load_state_dict", "forward");
  private static final Set<String> CHILD_KEYS = Set.of("name", "module", "args", "children");

  private final CaseParse p;
  private final Map<Path, Map<String, Tensor>> files = new HashMap<>();
  private DType dtype;

  CaseAssembler(CaseParse parse) {
    this.p = parse;
  }

  ParityCase build() throws CaseFormatException {
    String format = (String) p.scalars.get("format");
    if (format == null) {
      throw p.fail("format", "is missing (expected \"" + CaseReader.FORMAT + "\")");
    }
    int version;
    if (CaseReader.FORMAT.equals(format)) {
      version = 2;
    } else if (CaseReader.FORMAT_1.equals(format)) {
      version = 1;
    } else {
      throw p.fail(
          "format",
          "expected \""
              + CaseReader.FORMAT
              + "\" or \""
              + CaseReader.FORMAT_1
              + "\" but found \""
              + format
              + "\"");
    }
    Set<String> allowed = version == 2 ? CaseKeys.FORMAT_2 : CaseKeys.FORMAT_1;
    for (String key : p.keys) {
      if (!allowed.contains(key)) {
        throw p.fail(
            key,
            "is not a key of " + format + (version == 2 ? " (format 1 only)" : " (format 2 only)"));
      }
    }
    String name = required("name");
    String module = required("module");
    dtype = parseDType(required("dtype"));
    JsonNode args = (JsonNode) p.scalars.get("args");
    if (args == null || args.isNull()) {
      if (version == 1) {
        throw p.fail("args", "is missing");
      }
      args = JsonNodeFactory.instance.objectNode();
    }
    List<JsonNode> children = children((JsonNode) p.scalars.get("children"), "children");
    String error = (String) p.scalars.get("error");
    String stage = (String) p.scalars.get("stage");
    if (stage != null && error == null) {
      throw p.fail("stage", "needs error: it says where PyTorch refused");
    }
    if (stage != null && !STAGES.contains(stage)) {
      throw p.fail("stage", "expected one of " + STAGES + " but found \"" + stage + "\"");
    }
    Long initSeed = (Long) p.scalars.get(version == 2 ? "init_seed" : "seed");
    Boolean training = (Boolean) p.scalars.get("training");
    Long call = (Long) p.scalars.get("call");
    if (call != null && (call < 0 || call > Integer.MAX_VALUE)) {
      throw p.fail("call", "expected a non-negative position in the recording but found " + call);
    }

    Map<String, Tensor> state = tensorMap("state");
    Map<String, Tensor> grads = tensorMap("grads");
    if (version == 1) {
      putIfPresent(state, "weight", "weight");
      putIfPresent(state, "bias", "bias");
      putIfPresent(grads, "weight", "grad_weight");
      putIfPresent(grads, "bias", "grad_bias");
      checkFormat1Bias(args);
    }
    List<Tensor> inputs = oneOrList("input", "inputs");
    List<Tensor> outputs = oneOrList("output", "outputs");
    List<Tensor> gradOutputs = oneOrList("grad_output", "grad_outputs");
    List<Tensor> gradInputs = oneOrList("grad_input", "grad_inputs");
    if (error != null && !outputs.isEmpty()) {
      throw p.fail("output", "must be absent when error is set (PyTorch produced no output)");
    }
    if (gradOutputs.isEmpty() && (!gradInputs.isEmpty() || !grads.isEmpty())) {
      throw p.fail(
          gradInputs.isEmpty() ? "grads" : "grad_input",
          "needs grad_output, the gradient passed to backward");
    }
    if (error == null && initSeed == null) {
      if (inputs.isEmpty()) {
        throw p.fail("input", "is missing: a forward case needs its input");
      }
      if (outputs.isEmpty()) {
        throw p.fail("output", "is missing: a forward case needs PyTorch's output");
      }
      if (version == 1 && state.get("weight") == null) {
        throw p.fail("weight", "is missing: a forward case needs its weight");
      }
    }
    if (initSeed != null && state.isEmpty() && version == 1) {
      throw p.fail("weight", "is missing: a seed case records the initial weight");
    }
    if (!outputs.isEmpty() && inputs.isEmpty()) {
      throw p.fail("input", "is missing: an output needs its input");
    }
    return new ParityCase(
        p.file,
        version,
        name,
        (String) p.scalars.get("source"),
        (String) p.scalars.get("torch_version"),
        module,
        args,
        children,
        dtype,
        training == null || training,
        state,
        tensorMap("state_after"),
        inputs,
        outputs,
        gradOutputs,
        gradInputs,
        grads,
        initSeed,
        (Long) p.scalars.get("forward_seed"),
        error,
        stage,
        (String) p.scalars.get("path"),
        call == null ? null : call.intValue(),
        (String) p.scalars.get("model"));
  }

  private String required(String key) throws CaseFormatException {
    Object value = p.scalars.get(key);
    if (value == null) {
      throw p.fail(key, "is missing");
    }
    return (String) value;
  }

  private DType parseDType(String text) throws CaseFormatException {
    try {
      DType parsed = DType.parse(text);
      if (!parsed.isFloatingPoint()) {
        throw p.fail("dtype", "the case's dtype must be float32 or float64 but was '" + text + "'");
      }
      return parsed;
    } catch (InvalidArgumentException e) {
      throw p.fail("dtype", e.getMessage());
    }
  }

  private void checkFormat1Bias(JsonNode args) throws CaseFormatException {
    boolean biasOff =
        args.has("bias") && args.get("bias").isBoolean() && !args.get("bias").booleanValue();
    if (biasOff && p.tensors.containsKey("bias")) {
      throw p.fail("bias", "must be null because args.bias is false");
    }
    if (biasOff && p.tensors.containsKey("grad_bias")) {
      throw p.fail("grad_bias", "must be null because args.bias is false");
    }
    boolean forward = p.scalars.get("error") == null;
    if (!biasOff && forward && p.tensors.containsKey("weight") && !p.tensors.containsKey("bias")) {
      throw p.fail("bias", "is missing: args.bias is true (the default)");
    }
  }

  private List<JsonNode> children(JsonNode node, String field) throws CaseFormatException {
    List<JsonNode> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw p.fail(field, "expected a list of {\"name\", \"module\", \"args\", \"children\"}");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode child = node.get(i);
      String where = field + "[" + i + "]";
      if (!child.isObject()) {
        throw p.fail(where, "expected an object with name, module, args and children");
      }
      for (var it = child.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!CHILD_KEYS.contains(key)) {
          throw p.fail(where + "." + key, "unknown key (a child has name, module, args, children)");
        }
      }
      if (!child.path("name").isTextual()) {
        throw p.fail(where + ".name", "expected a string");
      }
      if (!child.path("module").isTextual()) {
        throw p.fail(where + ".module", "expected a string");
      }
      if (child.has("args") && !child.get("args").isObject() && !child.get("args").isNull()) {
        throw p.fail(where + ".args", "expected an object");
      }
      children(child.get("children"), where + ".children");
      out.add(child);
    }
    return out;
  }

  private void putIfPresent(Map<String, Tensor> into, String key, String field)
      throws CaseFormatException {
    RawTensor raw = p.tensors.get(field);
    if (raw != null) {
      into.put(key, tensor(raw));
    }
  }

  private Map<String, Tensor> tensorMap(String key) throws CaseFormatException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Map<String, RawTensor> raw = p.maps.get(key);
    if (raw != null) {
      for (Map.Entry<String, RawTensor> e : raw.entrySet()) {
        out.put(e.getKey(), tensor(e.getValue()));
      }
    }
    return out;
  }

  private List<Tensor> oneOrList(String single, String plural) throws CaseFormatException {
    RawTensor one = p.tensors.get(single);
    List<RawTensor> many = p.lists.get(plural);
    if (one != null && many != null) {
      throw p.fail(plural, "give either " + single + " or " + plural + ", not both");
    }
    List<Tensor> out = new ArrayList<>();
    if (one != null) {
      out.add(tensor(one));
    } else if (many != null) {
      for (RawTensor raw : many) {
        out.add(tensor(raw));
      }
    }
    return out;
  }

  private Tensor tensor(RawTensor raw) throws CaseFormatException {
    if (!raw.isFileReference()) {
      return raw.toTensor(dtype, p.file);
    }
    Path weights = raw.resolve(Path.of(p.file));
    Map<String, Tensor> contents = files.get(weights);
    if (contents == null) {
      contents = p.weightFiles.get(weights);
    }
    if (contents == null) {
      contents = readWeights(weights, raw);
      p.weightFiles.put(weights, contents);
    }
    files.put(weights, contents);
    Tensor value = contents.get(raw.key());
    if (value == null) {
      throw p.fail(
          raw.field() + ".key",
          "'" + raw.key() + "' is not in " + raw.file() + " (it holds " + contents.keySet() + ")");
    }
    return value;
  }

  private Map<String, Tensor> readWeights(Path weights, RawTensor raw) throws CaseFormatException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try {
      StateDictFile.read(weights).forEach((k, e) -> out.put(k, e.values()));
    } catch (StateDictException e) {
      throw p.fail(raw.field() + ".file", e.getMessage());
    }
    return out;
  }
}
