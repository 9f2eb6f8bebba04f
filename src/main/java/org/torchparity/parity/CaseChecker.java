package org.torchparity.parity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.io.ParityCase;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Checks parity cases against a set of kernels (the engine and the reference, or a user's kernel):
 *
 * <ul>
 *   <li>a forward case: each kernel's output against PyTorch's, and, when the case records
 *       gradients and the kernel has a backward pass, each gradient too, with the tolerance of the
 *       case's dtype;
 *   <li>an error case: torch-parity must refuse it too, with its own {@link
 *       InvalidArgumentException}, either when the layer is built or when its input is checked;
 *   <li>a seed case: the {@link Initializer}'s parameters must equal PyTorch's bit for bit.
 * </ul>
 *
 * Nothing a kernel throws escapes: an unexpected exception is reported as a failure of the case.
 */
public final class CaseChecker {
  private final List<ConvKernel> kernels;
  private final Initializer initializer;

  /**
   * Creates a checker.
   *
   * @param kernels the kernels to run, in report order
   * @param initializer what produces initial parameters for seed cases, or {@code null} to skip
   *     them
   */
  public CaseChecker(List<ConvKernel> kernels, Initializer initializer) {
    this.kernels = List.copyOf(kernels);
    this.initializer = initializer;
  }

  /**
   * Checks one case.
   *
   * @param c the case
   * @return the result
   */
  public CaseResult check(ParityCase c) {
    try {
      if (c.isErrorCase()) {
        return checkRefusal(c);
      }
      if (c.isSeedCase()) {
        return checkSeed(c);
      }
      return checkForward(c);
    } catch (RuntimeException e) {
      return result(c, CaseResult.Status.FAIL, "unexpected " + e, Map.of());
    }
  }

  private CaseResult checkRefusal(ParityCase c) {
    ConvSpec spec;
    try {
      spec = c.spec();
    } catch (InvalidArgumentException e) {
      return result(c, CaseResult.Status.PASS, "refused: " + e.getMessage(), Map.of());
    }
    if (c.input() == null) {
      return result(
          c,
          CaseResult.Status.FAIL,
          "PyTorch refused (" + c.error() + ") but torch-parity accepts " + spec,
          Map.of());
    }
    Tensor weight =
        c.weight() != null ? c.weight() : Tensor.zeros(spec.dtype(), spec.weightShape());
    Tensor bias =
        !spec.bias()
            ? null
            : c.bias() != null ? c.bias() : Tensor.zeros(spec.dtype(), spec.biasShape());
    try {
      spec.checkInput(c.input());
      spec.checkWeight(weight);
      spec.checkBias(bias);
    } catch (InvalidArgumentException e) {
      return result(c, CaseResult.Status.PASS, "refused: " + e.getMessage(), Map.of());
    }
    List<String> accepted = new ArrayList<>();
    for (ConvKernel kernel : kernels) {
      try {
        kernel.forward(spec, c.input(), weight, bias);
        accepted.add(kernel.name());
      } catch (InvalidArgumentException e) {
        // refused by the kernel itself: acceptable
      }
    }
    return accepted.isEmpty()
        ? result(c, CaseResult.Status.PASS, "refused by every kernel", Map.of())
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

  private CaseResult checkSeed(ParityCase c) {
    if (initializer == null) {
      return result(c, CaseResult.Status.SKIP, "seed case: no initializer to check", Map.of());
    }
    ConvSpec spec = refusalOrSpec(c);
    if (spec == null) {
      return result(
          c,
          CaseResult.Status.FAIL,
          "torch-parity refuses what PyTorch accepted: " + refusal(c),
          Map.of());
    }
    Tensor[] params = initializer.initialParameters(spec, c.seed());
    Map<String, Comparison> byQuantity = new LinkedHashMap<>();
    byQuantity.put("weight", Comparison.of(params[0], c.weight(), Tolerance.EXACT));
    if (c.bias() != null) {
      byQuantity.put("bias", Comparison.of(params[1], c.bias(), Tolerance.EXACT));
    }
    Map<String, Map<String, Comparison>> comparisons = Map.of("engine", byQuantity);
    return result(c, status(comparisons), "bit for bit", comparisons);
  }

  private CaseResult checkForward(ParityCase c) {
    ConvSpec spec = refusalOrSpec(c);
    if (spec == null) {
      return result(
          c,
          CaseResult.Status.FAIL,
          "torch-parity refuses what PyTorch accepted: " + refusal(c),
          Map.of());
    }
    try {
      spec.checkInput(c.input());
      spec.checkWeight(c.weight());
      spec.checkBias(c.bias());
      if (c.hasGradients()) {
        spec.checkGradOutput(c.input().shape(), c.gradOutput());
      }
    } catch (InvalidArgumentException e) {
      return result(
          c, CaseResult.Status.FAIL, "case does not fit its own args: " + e.getMessage(), Map.of());
    }
    Tolerance tolerance = Tolerance.forDType(spec.dtype());
    Map<String, Map<String, Comparison>> comparisons = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (ConvKernel kernel : kernels) {
      if (!kernel.supports(spec)) {
        notes.add(kernel.name() + " does not support this configuration");
        continue;
      }
      Map<String, Comparison> byQuantity = new LinkedHashMap<>();
      Tensor output = kernel.forward(spec, c.input(), c.weight(), c.bias());
      byQuantity.put("output", Comparison.of(output, c.output(), tolerance));
      if (c.hasGradients()) {
        if (kernel.supportsBackward()) {
          Gradients g = kernel.backward(spec, c.input(), c.weight(), c.bias(), c.gradOutput());
          compareIfPresent(byQuantity, "grad_input", g.gradInput(), c.gradInput(), tolerance);
          compareIfPresent(byQuantity, "grad_weight", g.grad("weight"), c.gradWeight(), tolerance);
          compareIfPresent(byQuantity, "grad_bias", g.grads().get("bias"), c.gradBias(), tolerance);
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

  private static void compareIfPresent(
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
              : Comparison.of(actual, expected, t));
    }
  }

  private static ConvSpec refusalOrSpec(ParityCase c) {
    try {
      return c.spec();
    } catch (InvalidArgumentException e) {
      return null;
    }
  }

  private static String refusal(ParityCase c) {
    try {
      c.spec();
      return "";
    } catch (InvalidArgumentException e) {
      return e.getMessage();
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
