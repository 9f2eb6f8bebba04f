package org.torchparity.djl;

import java.util.Locale;
import java.util.function.BiFunction;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.CeluSpec;
import org.torchparity.spec.ConstantPad1dSpec;
import org.torchparity.spec.EluSpec;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.HardtanhSpec;
import org.torchparity.spec.LeakyReluSpec;
import org.torchparity.spec.LogSoftmaxSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.PythonScalars;
import org.torchparity.spec.ReflectionPad1dSpec;
import org.torchparity.spec.ReplicationPad1dSpec;
import org.torchparity.spec.SoftmaxSpec;
import org.torchparity.spec.SoftplusSpec;
import org.torchparity.spec.UnflattenSpec;
import org.torchparity.spec.UpsampleSpec;

/**
 * The TorchScript expressions of the parameter-free layers and of Embedding: activations, softmax,
 * padding, Unflatten and AdaptiveMaxPool1d, each as {@code torch.nn.functional} calls it in
 * libtorch 2.7.1.
 */
final class ScriptForms {
  private ScriptForms() {}

  /**
   * Returns the expression of {@code spec}'s eval-mode forward on {@code x}, or {@code null} when
   * this class does not write it.
   *
   * @param attr the attribute expression of a state-dict key of the module ({@code "weight"})
   */
  static String expression(ModuleSpec spec, String x, BiFunction<String, Boolean, String> attr) {
    switch (spec.typeName()) {
      case "SELU":
        return "torch.selu(" + x + ")";
      case "ReLU6":
        return "torch.hardtanh(" + x + ", 0., 6.)";
      case "Hardswish":
        return "torch.hardswish(" + x + ")";
      case "Hardsigmoid":
        return "torch.hardsigmoid(" + x + ")";
      case "Mish":
        return "torch.mish(" + x + ")";
      case "Softsign":
        return "torch.div(" + x + ", torch.add(torch.abs(" + x + "), 1))";
      default:
        break;
    }
    if (spec instanceof EluSpec e) {
      return "torch.elu(" + x + ", " + f(e.alpha()) + ")";
    }
    if (spec instanceof CeluSpec e) {
      return "torch.celu(" + x + ", " + f(e.alpha()) + ")";
    }
    if (spec instanceof LeakyReluSpec l) {
      return "torch.leaky_relu(" + x + ", " + f(l.negativeSlope()) + ")";
    }
    if (spec instanceof HardtanhSpec h) {
      return "torch.hardtanh(" + x + ", " + f(h.minVal()) + ", " + f(h.maxVal()) + ")";
    }
    if (spec instanceof SoftplusSpec s) {
      return "torch.softplus(" + x + ", " + f(s.beta()) + ", " + f(s.threshold()) + ")";
    }
    if (spec instanceof SoftmaxSpec s && s.dim() != null) {
      return "torch.softmax(" + x + ", " + s.dim() + ", None)";
    }
    if (spec instanceof LogSoftmaxSpec s && s.dim() != null) {
      return "torch.log_softmax(" + x + ", " + s.dim() + ", None)";
    }
    if (spec instanceof ConstantPad1dSpec p) {
      return String.format(
          Locale.ROOT,
          "torch.constant_pad_nd(%s, [%d, %d], %s)",
          x,
          p.left(),
          p.right(),
          f(p.value().doubleValue()));
    }
    if (spec instanceof ReflectionPad1dSpec p) {
      return "torch.reflection_pad1d(" + x + ", [" + p.left() + ", " + p.right() + "])";
    }
    if (spec instanceof ReplicationPad1dSpec p) {
      return "torch.replication_pad1d(" + x + ", [" + p.left() + ", " + p.right() + "])";
    }
    if (spec instanceof UnflattenSpec u) {
      return "torch.unflatten(" + x + ", " + u.dim() + ", " + u.unflattenedSize() + ")";
    }
    if (spec instanceof AdaptiveMaxPool1dSpec p && !p.returnIndices()) {
      return "torch.adaptive_max_pool1d(" + x + ", [" + p.outputSize().value() + "])[0]";
    }
    if (spec instanceof UpsampleSpec u && !Boolean.TRUE.equals(u.recomputeScaleFactor())) {
      return upsample(u, x);
    }
    if (spec instanceof EmbeddingSpec e && e.maxNorm() == null) {
      // F.embedding: a negative padding_idx counts from the end; -1 means none
      int padding =
          e.paddingIdx() == null
              ? -1
              : e.paddingIdx() < 0 ? e.paddingIdx() + e.numEmbeddings() : e.paddingIdx();
      return String.format(
          Locale.ROOT,
          "torch.embedding(%s, %s, %d, %s, %s)",
          attr.apply("weight", true),
          x,
          padding,
          e.scaleGradByFreq() ? "True" : "False",
          e.sparse() ? "True" : "False");
    }
    return null;
  }

  /**
   * F.interpolate on 3-D input as libtorch 2.7.1 calls it: the output size and no scale when a size
   * is given, else no size and the scale itself (the kernel reads sources at {@code d / scale});
   * {@code recompute_scale_factor=True} is not written.
   */
  private static String upsample(UpsampleSpec u, String x) {
    String size = u.size() != null ? "[" + u.size() + "]" : "None";
    String scales = u.size() != null ? "None" : "[" + f(u.scaleFactor()) + "]";
    return switch (u.mode()) {
      case "nearest" -> "torch.upsample_nearest1d(" + x + ", " + size + ", " + scales + ")";
      case "nearest-exact" ->
          "torch._upsample_nearest_exact1d(" + x + ", " + size + ", " + scales + ")";
      case "linear" ->
          "torch.upsample_linear1d("
              + x
              + ", "
              + size
              + ", "
              + (Boolean.TRUE.equals(u.alignCorners()) ? "True" : "False")
              + ", "
              + scales
              + ")";
      default -> null;
    };
  }

  /** A float literal as Python prints it (TorchScript reads Python's syntax). */
  private static String f(double value) {
    if (Double.isNaN(value)) {
      return "float(\"nan\")";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "float(\"inf\")" : "float(\"-inf\")";
    }
    return PythonScalars.floatRepr(value);
  }
}
