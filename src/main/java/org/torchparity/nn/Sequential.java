package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.SequentialSpec;

/**
 * {@code torch.nn.Sequential}: runs its children in registration order, each on the previous one's
 * output, as one native sequence (no host round trip between children). Backward runs the
 * children's backward passes in reverse, each on the input its forward saw. Closing the container
 * closes its children.
 *
 * <pre>{@code
 * try (Sequential model = Sequential.of(Conv1d.of(1, 4, 3), ReLU.of(), Conv1d.of(4, 2, 3))) {
 *   System.out.println(model);   // Sequential(\n  (0): Conv1d(1, 4, ...)\n  (1): ReLU()\n ...)
 * }
 * }</pre>
 */
public final class Sequential extends Module {
  private final List<Module> order;

  private Sequential(SequentialSpec spec, List<Module> modules) {
    super(
        spec, modules.isEmpty() ? org.torchparity.engine.DeviceSpec.CPU : modules.get(0).device());
    this.order = List.copyOf(modules);
    for (int i = 0; i < modules.size(); i++) {
      registerModule(spec.children().get(i).name(), modules.get(i));
    }
  }

  /**
   * Builds {@code nn.Sequential(*modules)}: children named {@code 0}, {@code 1}, ... The container
   * takes ownership of the modules.
   *
   * @param modules the children in order, all of one dtype and device
   * @return the container
   */
  public static Sequential of(Module... modules) {
    Map<String, Module> named = new LinkedHashMap<>();
    for (int i = 0; i < modules.length; i++) {
      named.put(Integer.toString(i), modules[i]);
    }
    return of(named);
  }

  /**
   * Builds {@code nn.Sequential(OrderedDict(...))}: children named by the map's keys, in its order.
   * The container takes ownership of the modules.
   *
   * @param modules name to child, in order
   * @return the container
   */
  public static Sequential of(Map<String, Module> modules) {
    List<ModuleSpec.NamedSpec> specs = new ArrayList<>();
    List<Module> list = new ArrayList<>();
    modules.forEach(
        (name, module) -> {
          specs.add(new ModuleSpec.NamedSpec(name, HostCalls.notNull("modules", module).spec()));
          list.add(module);
        });
    for (Module module : list) {
      if (!module.device().equals(list.get(0).device())) {
        throw new org.torchparity.spec.InvalidArgumentException(
            "modules",
            "children must share one device but found "
                + list.get(0).device()
                + " and "
                + module.device());
      }
    }
    return new Sequential(new SequentialSpec(specs), list);
  }

  @Override
  public SequentialSpec spec() {
    return (SequentialSpec) super.spec();
  }

  @Override
  protected NDArray compute(NDArray input) {
    NDArray x = input;
    for (Module child : order) {
      NDArray next = child.call(x);
      if (x != input && next != x) {
        // An intermediate is freed as soon as the next child has read it, as in PyTorch, instead
        // of when the call's scratch manager closes: the call's working set stays two
        // activations. Autograd keeps its own reference to whatever it saved.
        x.close();
      }
      x = next;
    }
    return x;
  }

  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    List<NDArray> inputs = new ArrayList<>(order.size());
    NDArray x = input;
    for (Module child : order) {
      inputs.add(x);
      x = child.call(x);
    }
    List<Map<String, NDArray>> perChild = new ArrayList<>();
    NDArray grad = gradOutput;
    for (int i = order.size() - 1; i >= 0; i--) {
      ArrayGradients g = order.get(i).callBackward(inputs.get(i), grad);
      perChild.add(0, g.prefixed(spec().children().get(i).name() + "."));
      grad = g.input();
    }
    Map<String, NDArray> params = new LinkedHashMap<>();
    perChild.forEach(params::putAll);
    return new ArrayGradients(grad, params);
  }

  @Override
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    long total = 0;
    int[] shape = inputShape;
    for (Module child : order) {
      int[] next = child.outputShape(shape);
      total += child.workEstimate(shape, next);
      shape = next;
    }
    return total;
  }
}
