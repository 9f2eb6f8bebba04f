package org.torchparity.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code Module.__repr__}: the class name, then {@code extra_repr()} on one line when the
 * module has no children, else one line per extra-repr line and per child ({@code (name): repr}),
 * each indented by two spaces, inside parentheses.
 */
public final class Reprs {
  private Reprs() {}

  /**
   * Formats a module's repr from its name, its extra repr and its children's reprs.
   *
   * @param typeName the class name
   * @param extraRepr what {@code extra_repr()} returns, possibly several lines
   * @param children each child's name and repr, in order
   * @return the repr, as {@code print(module)} shows it
   */
  public static String repr(String typeName, String extraRepr, List<String[]> children) {
    List<String> lines = new ArrayList<>();
    if (!extraRepr.isEmpty()) {
      lines.addAll(List.of(extraRepr.split("\n", -1)));
    }
    for (String[] child : children) {
      lines.add("(" + child[0] + "): " + child[1].replace("\n", "\n  "));
    }
    StringBuilder s = new StringBuilder(typeName).append('(');
    if (lines.size() == 1 && children.isEmpty()) {
      s.append(lines.get(0));
    } else if (!lines.isEmpty()) {
      s.append("\n  ").append(String.join("\n  ", lines)).append('\n');
    }
    return s.append(')').toString();
  }

  static String repr(ModuleSpec spec) {
    List<String[]> children = new ArrayList<>();
    for (ModuleSpec.NamedSpec child : spec.children()) {
      children.add(new String[] {child.name(), child.spec().repr()});
    }
    return repr(spec.typeName(), spec.extraRepr(), children);
  }
}
