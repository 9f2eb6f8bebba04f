package org.torchparity.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.parity.EngineKernel;
import org.torchparity.parity.ParityKernel;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.SequentialSpec;
import org.torchparity.spec.Tensor;

/**
 * A {@link ParityKernel} for {@code Sequential} with a bug: it never runs its last child. The sweep
 * must catch it and shrink it (ModuleSweepTest, SweepCommandTest).
 */
public final class SkipsLastChildKernel implements ParityKernel {
  private final EngineKernel engine = new EngineKernel();

  @Override
  public String name() {
    return "skips-last-child";
  }

  @Override
  public boolean supports(ModuleSpec spec) {
    return spec instanceof SequentialSpec;
  }

  @Override
  public Tensor forward(ModuleSpec spec, Map<String, Tensor> state, Tensor input) {
    List<ModuleSpec.NamedSpec> children = spec.children();
    List<ModuleSpec.NamedSpec> kept = new ArrayList<>(children.subList(0, children.size() - 1));
    if (kept.isEmpty()) {
      return input;
    }
    Map<String, Tensor> keptState = new LinkedHashMap<>();
    state.forEach(
        (key, value) -> {
          if (kept.stream().anyMatch(ch -> key.startsWith(ch.name() + "."))) {
            keptState.put(key, value);
          }
        });
    return engine.forward(new SequentialSpec(kept), keptState, input);
  }
}
