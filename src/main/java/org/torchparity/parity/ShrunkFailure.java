package org.torchparity.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.torchparity.io.CaseWriter;
import org.torchparity.io.ParityCase;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Padding;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/**
 * The first failure of a sweep, shrunk to a smallest failing case, with everything needed to replay
 * it: as a {@code torch-parity-case/2} file whose expected output is the baseline's (the engine's,
 * not PyTorch's), for any module, and, for a convolution, as a Java snippet to paste into a test.
 *
 * @param sweepSeed the sweep's seed
 * @param first the failure as the sweep found it
 * @param smallest the shrunk case
 * @param steps how many simplifications the shrinker kept
 * @param tries how many cases it ran
 * @param candidate the candidate's name
 * @param candidateExpression Java that creates the candidate, e.g. {@code new pkg.MyKernel()}, or
 *     {@code null} when the candidate is not a {@link ConvKernel} (then there is no Java
 *     reproduction, only the case file)
 * @param baseline the baseline's name
 * @param baselineExpression Java that creates the baseline
 * @param baselineVersion what the baseline runs on, e.g. libtorch's version
 * @param candidateOutput what the candidate gave on the shrunk case ({@code null} if it threw)
 * @param baselineOutput what the baseline gave on it
 * @param message how they differ
 */
public record ShrunkFailure(
    long sweepSeed,
    SweepResult first,
    SweepCase smallest,
    int steps,
    int tries,
    String candidate,
    String candidateExpression,
    String baseline,
    String baselineExpression,
    String baselineVersion,
    Tensor candidateOutput,
    Tensor baselineOutput,
    String message) {

  /**
   * Names the shrunk case, e.g. {@code sweep_seed42_case17_shrunk}.
   *
   * @return the name
   */
  public String caseName() {
    return "sweep_seed" + sweepSeed + "_case" + first.index() + "_shrunk";
  }

  /**
   * Summarises the shrinking in one line.
   *
   * @return e.g. {@code case #17 shrunk in 9 steps (61 cases run)}
   */
  public String headline() {
    return "case #"
        + first.index()
        + " (case seed "
        + first.caseSeed()
        + ") shrunk in "
        + steps
        + " steps ("
        + tries
        + " cases run)";
  }

  /**
   * Returns the shrunk case as a {@code torch-parity-case/2} case: its module tree, its input and
   * state dict, and the baseline's output as the expected output. Its {@code source} says that the
   * output is torch-parity's engine output, not PyTorch's.
   *
   * @return the case, ready for {@link CaseWriter}
   */
  public ParityCase toCase() {
    SweepCase.Data data = smallest.data();
    String source =
        "Shrunk sweep failure found by torch-parity (sweep --seed "
            + sweepSeed
            + ", "
            + headline()
            + "): candidate '"
            + candidate
            + "' disagreed with '"
            + baseline
            + "'. The expected output was computed by torch-parity's "
            + baseline
            + " ("
            + SweepReport.runsOn(baselineVersion)
            + " through DJL), NOT recorded from PyTorch: re-create it with PyTorch before treating"
            + " it as PyTorch's answer.";
    return CaseWriter.forwardCase(
        caseName(),
        source,
        baselineVersion,
        smallest.spec(),
        data.state(),
        data.input(),
        baselineOutput);
  }

  /**
   * Tells whether {@link #javaSnippet()} can rebuild the case: only for a convolution; other
   * modules are replayed from the case file ({@link #toCase()}) with {@code check}.
   *
   * @return {@code true} for a Conv1d or ConvTranspose1d
   */
  public boolean hasJavaSnippet() {
    return smallest.spec() instanceof ConvSpec && candidateExpression != null;
  }

  /**
   * Returns Java statements that rebuild the shrunk case and compare the candidate with the
   * baseline, with the imports they need; paste them into a test. For a module other than a
   * convolution ({@link #hasJavaSnippet()} false) it returns a comment saying to replay the case
   * file instead.
   *
   * @return the snippet
   */
  public String javaSnippet() {
    if (!hasJavaSnippet()) {
      return "// No Java reproduction for "
          + smallest.spec().typeName()
          + " (it is written for Conv1d and ConvTranspose1d and ConvKernel candidates only):"
          + " replay the shrunk case file"
          + " with 'torch-parity check'.\n";
    }
    ConvSpec spec = smallest.convSpec();
    SweepCase.Data data = smallest.data();
    List<String> lines = new ArrayList<>();
    lines.add("import org.torchparity.parity.Comparison;");
    lines.add("import org.torchparity.parity.ConvKernel;");
    lines.add("import org.torchparity.parity.Tolerance;");
    lines.add("import org.torchparity.spec.ConvSpec;");
    if (spec.dtype() != DType.FLOAT32) {
      lines.add("import org.torchparity.spec.DType;");
    }
    lines.add("import org.torchparity.spec.Tensor;");
    lines.add("");
    lines.add("// torch-parity sweep --seed " + sweepSeed + ": " + headline());
    lines.add("ConvSpec spec = " + builder(spec) + ";");
    lines.add("Tensor input = " + literal(data.input()) + ";");
    lines.add("Tensor weight = " + literal(data.weight()) + ";");
    lines.add("Tensor bias = " + (data.bias() == null ? "null" : literal(data.bias())) + ";");
    lines.add("ConvKernel kernel = " + candidateExpression + ";");
    lines.add("Tensor actual = kernel.forward(spec, input, weight, bias);");
    lines.add("Tensor expected = " + baselineExpression + ".forward(spec, input, weight, bias);");
    lines.add("// " + baseline + " gives " + values(baselineOutput));
    lines.add(
        "// "
            + candidate
            + (candidateOutput == null ? " threw" : " gave  " + values(candidateOutput)));
    lines.add("Comparison c = Comparison.of(actual, expected, Tolerance.forDType(spec.dtype()));");
    lines.add("System.out.println(c); // FAIL " + message);
    return String.join("\n", lines) + "\n";
  }

  /** The builder chain that makes {@code spec}, with only the options that differ from defaults. */
  static String builder(ConvSpec spec) {
    StringBuilder s =
        new StringBuilder("ConvSpec.")
            .append(spec.transposed() ? "convTranspose1d(" : "conv1d(")
            .append(spec.inChannels())
            .append(", ")
            .append(spec.outChannels())
            .append(", ")
            .append(spec.kernelSize())
            .append(')');
    if (spec.stride() != 1) {
      s.append(".stride(").append(spec.stride()).append(')');
    }
    Padding padding = spec.padding();
    if (padding.kind() != Padding.Kind.EXPLICIT) {
      s.append(".padding(\"").append(padding.torchRepr()).append("\")");
    } else if (padding.amount() != 0) {
      s.append(".padding(").append(padding.amount()).append(')');
    }
    if (spec.outputPadding() != 0) {
      s.append(".outputPadding(").append(spec.outputPadding()).append(')');
    }
    if (spec.dilation() != 1) {
      s.append(".dilation(").append(spec.dilation()).append(')');
    }
    if (spec.groups() != 1) {
      s.append(".groups(").append(spec.groups()).append(')');
    }
    if (!spec.bias()) {
      s.append(".bias(false)");
    }
    if (spec.paddingMode() != PaddingMode.ZEROS) {
      s.append(".paddingMode(\"").append(spec.paddingMode().torchName()).append("\")");
    }
    if (spec.dtype() != DType.FLOAT32) {
      s.append(".dtype(DType.").append(spec.dtype().name()).append(')');
    }
    return s.append(".build()").toString();
  }

  /** A Java expression that creates {@code t} exactly. */
  static String literal(Tensor t) {
    StringBuilder s = new StringBuilder("Tensor.of(");
    boolean f32 = t.dtype() == DType.FLOAT32;
    if (!f32) {
      s.append("DType.").append(t.dtype().name()).append(", ");
    }
    s.append("new int[] {");
    int[] shape = t.shape();
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    s.append(f32 ? "}, new float[] {" : "}, new double[] {");
    for (int i = 0; i < t.numel(); i++) {
      s.append(i == 0 ? "" : ", ").append(number(t.getFlat(i), f32));
    }
    return s.append("})").toString();
  }

  private static String number(double v, boolean f32) {
    String type = f32 ? "Float" : "Double";
    if (Double.isNaN(v)) {
      return type + ".NaN";
    }
    if (Double.isInfinite(v)) {
      return type + (v > 0 ? ".POSITIVE_INFINITY" : ".NEGATIVE_INFINITY");
    }
    // Float.toString and Double.toString print the shortest decimal that reads back exactly.
    return f32 ? Float.toString((float) v) + "f" : Double.toString(v);
  }

  private static String values(Tensor t) {
    StringBuilder s = new StringBuilder("[");
    int shown = Math.min(t.numel(), 8);
    for (int i = 0; i < shown; i++) {
      s.append(i == 0 ? "" : ", ")
          .append(
              t.dtype() == DType.FLOAT32
                  ? Float.toString((float) t.getFlat(i))
                  : String.format(Locale.ROOT, "%s", t.getFlat(i)));
    }
    if (t.numel() > shown) {
      s.append(", ... (").append(t.size()).append(" values)");
    }
    return s.append(']').toString();
  }
}
