package org.torchparity.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code torch.nn.Sequential}: children run in registration order, each on the previous one's
 * output. Children are named {@code 0}, {@code 1}, ... as {@code Sequential(a, b)} names them, or
 * by the keys of an {@code OrderedDict}. All children share one dtype.
 *
 * @param children the named children, in order
 */
public record SequentialSpec(List<NamedSpec> children) implements ModuleSpec {

  /**
   * Validates the children: names non-empty, unique and free of dots, as {@code add_module}
   * demands.
   *
   * @param children the named children
   */
  public SequentialSpec {
    SpecChecks.notNull("children", children);
    children = List.copyOf(children);
    Set<String> seen = new HashSet<>();
    DType first = null;
    for (NamedSpec child : children) {
      SpecChecks.notNull("children", child);
      String name = SpecChecks.notNull("name", child.name());
      SpecChecks.notNull("spec", child.spec());
      if (name.isEmpty() || name.contains(".")) {
        throw new InvalidArgumentException(
            "children", "module name can't be empty or contain \".\", got: \"" + name + "\"");
      }
      if (!seen.add(name)) {
        throw new InvalidArgumentException(
            "children", "Sequential has two children named \"" + name + "\"");
      }
      if (first == null) {
        first = child.spec().dtype();
      } else if (child.spec().dtype() != first) {
        throw new InvalidArgumentException(
            "children",
            "children must share one dtype but \""
                + name
                + "\" is "
                + child.spec().dtype().torchName()
                + " and the first is "
                + first.torchName());
      }
    }
  }

  /**
   * Builds {@code nn.Sequential(*modules)}: children named {@code 0}, {@code 1}, ...
   *
   * @param modules the children in order
   * @return the spec
   */
  public static SequentialSpec of(ModuleSpec... modules) {
    List<NamedSpec> named = new ArrayList<>();
    for (int i = 0; i < modules.length; i++) {
      named.add(new NamedSpec(Integer.toString(i), modules[i]));
    }
    return new SequentialSpec(named);
  }

  @Override
  public String typeName() {
    return "Sequential";
  }

  @Override
  public String extraRepr() {
    return "";
  }

  /** Returns the children's dtype; float32 for an empty Sequential. */
  @Override
  public DType dtype() {
    return children.isEmpty() ? DType.FLOAT32 : children.get(0).spec().dtype();
  }

  /** Returns the first child's input dtype: int64 for a tree that starts with an Embedding. */
  @Override
  public DType inputDType() {
    return children.isEmpty() ? dtype() : children.get(0).spec().inputDType();
  }

  @Override
  public SequentialSpec withDType(DType dtype) {
    List<NamedSpec> converted = new ArrayList<>();
    for (NamedSpec child : children) {
      converted.add(new NamedSpec(child.name(), child.spec().withDType(dtype)));
    }
    return new SequentialSpec(converted);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    int[] shape = inputShape.clone();
    for (NamedSpec child : children) {
      shape = child.spec().outputShape(shape);
    }
    return shape;
  }

  @Override
  public String toString() {
    return repr();
  }
}
