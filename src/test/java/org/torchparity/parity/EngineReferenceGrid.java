package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.ModuleOutputs;
import org.torchparity.spec.Tensor;

/**
 * Shared by the seeded engine-vs-reference grids of the layer family: runs one call on the engine
 * and on the pure-Java reference, in the call's mode, and asserts that every output, every buffer
 * after the call and every gradient agree within the dtype's tolerance (integer tensors exactly).
 * Returns the largest absolute difference seen, for the grids' printed summaries.
 */
public final class EngineReferenceGrid {
  private static final EngineKernel ENGINE = new EngineKernel();
  private static final ReferenceKernel REFERENCE = new ReferenceKernel();

  private EngineReferenceGrid() {}

  /**
   * Compares the engine with the reference on one call, forward and (with a gradient) backward.
   *
   * @param call the call
   * @param gradOutput the output's gradient, or {@code null} for forward only
   * @return the largest absolute difference over every compared tensor
   */
  public static double assertAgree(ModuleCall call, Tensor gradOutput) {
    Tolerance tolerance = Tolerance.forDType(call.spec().dtype());
    String what = call.spec().repr().replaceAll("\\s*\n\\s*", " ") + " training=" + call.training();
    double worst = 0;
    ModuleOutputs engine = ENGINE.call(call);
    ModuleOutputs reference = REFERENCE.call(call);
    assertThat(engine.outputs()).as(what).hasSameSizeAs(reference.outputs());
    Map<String, Tensor[]> pairs = new LinkedHashMap<>();
    for (int i = 0; i < engine.outputs().size(); i++) {
      pairs.put("output " + i, new Tensor[] {engine.outputs().get(i), reference.outputs().get(i)});
    }
    reference
        .stateAfter()
        .forEach(
            (key, value) -> pairs.put(key, new Tensor[] {engine.stateAfter().get(key), value}));
    if (gradOutput != null) {
      Gradients e = ENGINE.backward(call, gradOutput);
      Gradients r = REFERENCE.backward(call, gradOutput);
      if (r.gradInput() != null || e.gradInput() != null) {
        pairs.put("grad_input", new Tensor[] {e.gradInput(), r.gradInput()});
      }
      assertThat(e.grads().keySet()).as(what).isEqualTo(r.grads().keySet());
      r.grads()
          .forEach((key, value) -> pairs.put("grad " + key, new Tensor[] {e.grad(key), value}));
    }
    for (Map.Entry<String, Tensor[]> pair : pairs.entrySet()) {
      Tensor actual = pair.getValue()[0];
      Tensor expected = pair.getValue()[1];
      assertThat(actual).as(what + ": engine " + pair.getKey()).isNotNull();
      assertThat(actual.dtype()).as(what + ": " + pair.getKey()).isEqualTo(expected.dtype());
      Comparison c =
          Comparison.of(
              actual, expected, expected.dtype().isFloatingPoint() ? tolerance : Tolerance.EXACT);
      assertThat(c.passed()).as(what + ": " + pair.getKey() + ": " + c.describe()).isTrue();
      worst = Math.max(worst, c.maxAbsError());
    }
    return worst;
  }

  /**
   * Draws a standard normal tensor.
   *
   * @param random the source
   * @param dtype float32 or float64
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor normal(SplittableRandom random, DType dtype, int... shape) {
    double[] values = new double[Math.toIntExact(Tensor.numel(shape))];
    for (int i = 0; i < values.length; i++) {
      // Box-Muller from two uniforms: any fixed, seeded normal will do.
      double u = 1 - random.nextDouble();
      values[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }
    return Tensor.of(dtype, shape, values);
  }
}
