package org.torchparity.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.Tensor;

/**
 * {@code nn.Sequential}: the children in order, each given the keys of the state dict under its
 * name; backward by the chain rule, each child's backward on the input its forward saw.
 */
public final class ReferenceSequential implements ReferenceModule {
  private final List<String> names;
  private final List<ReferenceModule> children;

  /**
   * Composes named children.
   *
   * @param children name to reference, in order
   */
  public ReferenceSequential(Map<String, ReferenceModule> children) {
    this.names = List.copyOf(children.keySet());
    this.children = List.copyOf(children.values());
  }

  @Override
  public Tensor forward(Map<String, Tensor> state, Tensor input) {
    return call(state, input, false).output();
  }

  @Override
  public ModuleOutputs call(Map<String, Tensor> state, Tensor input, boolean training) {
    Tensor x = input;
    Map<String, Tensor> after = new LinkedHashMap<>();
    for (int i = 0; i < children.size(); i++) {
      ModuleOutputs out = children.get(i).call(slice(state, names.get(i)), x, training);
      String prefix = names.get(i) + ".";
      out.stateAfter().forEach((key, value) -> after.put(prefix + key, value));
      x = out.output();
    }
    return new ModuleOutputs(List.of(x), after);
  }

  @Override
  public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
    return backward(state, input, gradOutput, false);
  }

  @Override
  public Gradients backward(
      Map<String, Tensor> state, Tensor input, Tensor gradOutput, boolean training) {
    List<Tensor> inputs = new ArrayList<>();
    Tensor x = input;
    for (int i = 0; i < children.size(); i++) {
      inputs.add(x);
      x = children.get(i).call(slice(state, names.get(i)), x, training).output();
    }
    List<Map<String, Tensor>> perChild = new ArrayList<>();
    Tensor grad = gradOutput;
    for (int i = children.size() - 1; i >= 0; i--) {
      Gradients g =
          children.get(i).backward(slice(state, names.get(i)), inputs.get(i), grad, training);
      Map<String, Tensor> prefixed = new LinkedHashMap<>();
      String prefix = names.get(i) + ".";
      g.grads().forEach((key, value) -> prefixed.put(prefix + key, value));
      perChild.add(0, prefixed);
      grad = g.gradInput();
    }
    Map<String, Tensor> grads = new LinkedHashMap<>();
    perChild.forEach(grads::putAll);
    return new Gradients(grad, grads);
  }

  static Map<String, Tensor> slice(Map<String, Tensor> state, String name) {
    String prefix = name + ".";
    Map<String, Tensor> out = new LinkedHashMap<>();
    state.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            out.put(key.substring(prefix.length()), value);
          }
        });
    return out;
  }
}
