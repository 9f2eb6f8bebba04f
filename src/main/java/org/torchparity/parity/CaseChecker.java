package org.torchparity.parity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.io.ParityCase;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * Replays one parity case on a list of kernels and compares every result with what PyTorch
 * produced: outputs and gradients within the dtype's tolerance, initial states bit for bit, and
 * refusals at the stage PyTorch refused. Modules torch-parity does not implement give SKIP naming
 * the module.
 */
public final class CaseChecker {
  private final List<? extends ParityKernel> kernels;
  private final Initializer initializer;
  private final Budget budget;

  /**
   * Creates a checker.
   *
   * @param kernels the kernels to run, in report order
   * @param initializer what produces initial states for seed cases, or {@code null} to skip them
   */
  public CaseChecker(List<? extends ParityKernel> kernels, Initializer initializer) {
    this(kernels, initializer, Budget.DEFAULT);
  }

  /**
   * Creates a checker that skips cases over a budget.
   *
   * @param kernels the kernels to run, in report order
   * @param initializer what produces initial states for seed cases, or {@code null} to skip them
   * @param budget the most a case may cost; cases beyond it give SKIP with the reason
   */
  public CaseChecker(List<? extends ParityKernel> kernels, Initializer initializer, Budget budget) {
    this.kernels = List.copyOf(kernels);
    this.initializer = initializer;
    this.budget = budget;
  }

  /**
   * Checks one case.
   *
   * @param c the case
   * @return the result
   */
  public CaseResult check(ParityCase c) {
    try {
      ModuleSpec spec;
      try {
        spec = Layers.spec(c);
      } catch (UnsupportedModuleException e) {
        return result(c, CaseResult.Status.SKIP, e.getMessage(), Map.of());
      } catch (InvalidArgumentException e) {
        return c.isErrorCase()
            ? refusedAt(c, "construct", e.getMessage())
            : result(
                c,
                CaseResult.Status.FAIL,
                "torch-parity refuses what PyTorch accepted: " + e.getMessage(),
                Map.of());
      }
      if (c.isErrorCase()) {
        return checkRefusal(c, spec);
      }
      if (c.isSeedCase()) {
        return checkSeed(c, spec);
      }
      return checkForward(c, spec);
    } catch (RuntimeException | StackOverflowError e) {
      return result(c, CaseResult.Status.FAIL, "unexpected " + e, Map.of());
    }
  }

  /** The stages in the order a module meets them. */
  private static final List<String> STAGES = List.of("construct", "load_state_dict", "forward");

  /**
   * PyTorch refused; torch-parity refused at {@code stage}: PASS unless that is later than where
   * PyTorch refused. Refusing earlier is by design: torch-parity validates every argument at
   * construction, where PyTorch leaves some (a zero kernel size, a negative stride) to the forward.
   */
  private CaseResult refusedAt(ParityCase c, String stage, String message) {
    if (c.stage() != null && STAGES.indexOf(stage) > STAGES.indexOf(c.stage())) {
      return result(
          c,
          CaseResult.Status.FAIL,
          "PyTorch refused at "
              + c.stage()
              + " ("
              + c.error()
              + ") but torch-parity refused at "
              + stage
              + ": "
              + message,
          Map.of());
    }
    return result(c, CaseResult.Status.PASS, "refused at " + stage + ": " + message, Map.of());
  }

  private CaseResult checkRefusal(ParityCase c, ModuleSpec spec) {
    String stateProblem = stateProblem(spec, c.state(), c.isSeedCase() || c.state().isEmpty());
    if (stateProblem != null) {
      return refusedAt(c, "load_state_dict", stateProblem);
    }
    if (c.input() == null) {
      return result(
          c,
          CaseResult.Status.FAIL,
          "PyTorch refused (" + c.error() + ") but torch-parity accepts " + spec.repr(),
          Map.of());
    }
    try {
      spec.outputShape(c.input().shape());
      spec.checkInputDType(c.input().dtype());
    } catch (InvalidArgumentException e) {
      return refusedAt(c, "forward", e.getMessage());
    }
    java.util.Optional<String> over = budget.exceeded(spec, c.input().shape(), false);
    if (over.isPresent()) {
      return result(c, CaseResult.Status.SKIP, "over the budget: " + over.get(), Map.of());
    }
    Map<String, Tensor> state = stateOrZeros(spec, c.state());
    List<String> accepted = new ArrayList<>();
    ModuleCall call = new ModuleCall(spec, state, c.input(), c.training(), c.forwardSeed());
    for (ParityKernel kernel : kernels) {
      if (!kernel.supports(call)) {
        continue;
      }
      try {
        kernel.call(call);
        accepted.add(kernel.name());
      } catch (InvalidArgumentException e) {
        // refused by the kernel itself: acceptable
      }
    }
    return accepted.isEmpty()
        ? refusedAt(c, "forward", "refused by every kernel")
        : result(
            c,
            CaseResult.Status.FAIL,
            "PyTorch refused ("
                + c.error()
                + ") but "
                + String.join(", ", accepted)
                + " computed an output",
            Map.of());
  }

  private CaseResult checkSeed(ParityCase c, ModuleSpec spec) {
    if (initializer == null) {
      return result(c, CaseResult.Status.SKIP, "seed case: no initializer to check", Map.of());
    }
    Map<String, Tensor> drawn = initializer.initialState(spec, c.initSeed());
    Map<String, Comparison> byQuantity = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : c.state().entrySet()) {
      Tensor ours = drawn.get(e.getKey());
      compare(byQuantity, e.getKey(), ours, e.getValue(), Tolerance.EXACT);
    }
    for (String key : drawn.keySet()) {
      if (!c.state().containsKey(key)) {
        return result(
            c,
            CaseResult.Status.FAIL,
            "torch-parity draws '" + key + "' that PyTorch's state lacks",
            Map.of());
      }
    }
    Map<String, Map<String, Comparison>> comparisons = Map.of("engine", byQuantity);
    return result(c, status(comparisons), "bit for bit", comparisons);
  }

  private CaseResult checkForward(ParityCase c, ModuleSpec spec) {
    String problem = stateProblem(spec, c.state(), false);
    if (problem == null) {
      try {
        if (!Arrays.equals(spec.outputShape(c.input().shape()), c.output().shape())) {
          problem =
              "output shape " + Arrays.toString(c.output().shape()) + " differs from the module's";
        }
      } catch (InvalidArgumentException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      return result(
          c, CaseResult.Status.FAIL, "case does not fit its own args: " + problem, Map.of());
    }
    java.util.Optional<String> over = budget.exceeded(spec, c.input().shape(), c.hasGradients());
    if (over.isPresent()) {
      return result(c, CaseResult.Status.SKIP, "over the budget: " + over.get(), Map.of());
    }
    Tolerance tolerance = Tolerance.forDType(spec.dtype());
    Map<String, Map<String, Comparison>> comparisons = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    ModuleCall call = new ModuleCall(spec, c.state(), c.input(), c.training(), c.forwardSeed());
    for (ParityKernel kernel : kernels) {
      if (!kernel.supports(call)) {
        notes.add(kernel.name() + " does not support this configuration");
        continue;
      }
      Map<String, Comparison> byQuantity = new LinkedHashMap<>();
      ModuleOutputs result = kernel.call(call);
      compareOutputs(byQuantity, result.outputs(), c.outputs(), tolerance);
      for (Map.Entry<String, Tensor> e : c.stateAfter().entrySet()) {
        compare(
            byQuantity,
            "state_after." + e.getKey(),
            result.stateAfter().get(e.getKey()),
            e.getValue(),
            tolerance);
      }
      if (c.hasGradients()) {
        if (kernel.supportsBackward()) {
          Gradients g = kernel.backward(call, c.gradOutput());
          compare(byQuantity, "grad_input", g.gradInput(), c.gradInput(), tolerance);
          for (Map.Entry<String, Tensor> e : c.grads().entrySet()) {
            compare(
                byQuantity,
                "grad_" + e.getKey(),
                g.grads().get(e.getKey()),
                e.getValue(),
                tolerance);
          }
        } else {
          notes.add(kernel.name() + " has no backward: gradients not checked");
        }
      }
      comparisons.put(kernel.name(), byQuantity);
    }
    if (comparisons.isEmpty()) {
      return result(c, CaseResult.Status.SKIP, String.join("; ", notes), comparisons);
    }
    return result(c, status(comparisons), String.join("; ", notes), comparisons);
  }

  /**
   * What {@code load_state_dict} would refuse, in PyTorch's words, or {@code null}: missing and
   * unexpected keys and size mismatches. With {@code lenient}, missing keys are allowed.
   */
  static String stateProblem(ModuleSpec spec, Map<String, Tensor> state, boolean lenient) {
    Map<String, int[]> shapes = Layers.parameterShapes(spec);
    List<String> missing = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      Tensor t = state.get(e.getKey());
      if (t == null) {
        missing.add('"' + e.getKey() + '"');
      } else if (!Arrays.equals(t.shape(), e.getValue())) {
        problems.add(
            "size mismatch for "
                + e.getKey()
                + ": copying a param with shape "
                + Arrays.toString(t.shape())
                + " from checkpoint, the shape in current model is "
                + Arrays.toString(e.getValue()));
      }
    }
    List<String> unexpected = new ArrayList<>();
    for (String key : state.keySet()) {
      if (!shapes.containsKey(key)) {
        unexpected.add('"' + key + '"');
      }
    }
    if (!unexpected.isEmpty()) {
      problems.add(0, "Unexpected key(s) in state_dict: " + String.join(", ", unexpected));
    }
    if (!missing.isEmpty() && !lenient) {
      problems.add(0, "Missing key(s) in state_dict: " + String.join(", ", missing));
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static Map<String, Tensor> stateOrZeros(ModuleSpec spec, Map<String, Tensor> state) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Layers.parameterShapes(spec)
        .forEach(
            (key, shape) -> {
              Tensor t = state.get(key);
              out.put(key, t != null ? t : Tensor.zeros(Layers.parameterDType(spec, key), shape));
            });
    return out;
  }

  private static void compare(
      Map<String, Comparison> byQuantity,
      String name,
      Tensor actual,
      Tensor expected,
      Tolerance t) {
    if (expected != null) {
      byQuantity.put(
          name,
          actual == null
              ? new Comparison(
                  false,
                  0,
                  0,
                  Double.NaN,
                  Double.NaN,
                  new int[0],
                  Double.NaN,
                  Double.NaN,
                  t,
                  "missing: the kernel returned no " + name)
              : actual.dtype() != expected.dtype()
                  ? new Comparison(
                      false,
                      0,
                      0,
                      Double.NaN,
                      Double.NaN,
                      new int[0],
                      Double.NaN,
                      Double.NaN,
                      t,
                      "dtype "
                          + actual.dtype().torchName()
                          + " differs from PyTorch's "
                          + expected.dtype().torchName())
                  : Comparison.of(
                      actual, expected, expected.dtype().isFloatingPoint() ? t : Tolerance.EXACT));
    }
  }

  /**
   * Compares every output PyTorch gave ({@code output}, or {@code outputs[i]} for a tuple); a
   * kernel returning fewer outputs fails on the missing ones.
   */
  private static void compareOutputs(
      Map<String, Comparison> byQuantity, List<Tensor> actual, List<Tensor> expected, Tolerance t) {
    for (int i = 0; i < expected.size(); i++) {
      String name = expected.size() == 1 ? "output" : "outputs[" + i + "]";
      compare(byQuantity, name, i < actual.size() ? actual.get(i) : null, expected.get(i), t);
    }
  }

  private static CaseResult.Status status(Map<String, Map<String, Comparison>> comparisons) {
    boolean allPassed =
        comparisons.values().stream()
            .allMatch(m -> m.values().stream().allMatch(Comparison::passed));
    return allPassed ? CaseResult.Status.PASS : CaseResult.Status.FAIL;
  }

  private static CaseResult result(
      ParityCase c,
      CaseResult.Status status,
      String reason,
      Map<String, Map<String, Comparison>> comparisons) {
    return new CaseResult(c.name(), c.file(), status, reason, comparisons);
  }
}
