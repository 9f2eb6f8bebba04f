package org.torchparity.djl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.torchparity.nn.Module;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;
import org.torchparity.spec.AvgPool1dSpec;
import org.torchparity.spec.BatchNorm1dSpec;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.FlattenSpec;
import org.torchparity.spec.GeluSpec;
import org.torchparity.spec.GroupNormSpec;
import org.torchparity.spec.InstanceNorm1dSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LayerNormSpec;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.MaxPool1dSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.PythonScalars;
import org.torchparity.spec.Tensor;

/**
 * Writes a module tree's eval-mode forward pass as TorchScript statements, one ATen call per layer
 * (the call {@code torch.nn.functional} makes for that module in PyTorch), reading each parameter
 * and buffer as an attribute of the scripted module. A module with a forward of its own takes part
 * by implementing {@link ScriptedForward}.
 */
public final class ScriptBuilder {
  /** The layers {@link #call} writes; anything else must implement {@link ScriptedForward}. */
  public static final String SUPPORTED =
      "Conv1d, ConvTranspose1d, BatchNorm1d, InstanceNorm1d, GroupNorm,"
          + " LayerNorm, Linear, Embedding (no max_norm), PReLU, ReLU, ReLU6, LeakyReLU, ELU, SELU,"
          + " CELU, GELU, SiLU, Mish, Hardswish, Hardsigmoid, Hardtanh, Sigmoid, Tanh, Softsign,"
          + " Softplus, Softmax and LogSoftmax (with dim), ConstantPad1d, ReflectionPad1d,"
          + " ReplicationPad1d, MaxPool1d and AdaptiveMaxPool1d (no indices), AvgPool1d,"
          + " AdaptiveAvgPool1d, Flatten, Unflatten, Upsample (1-d, no recompute_scale_factor),"
          + " Identity, Dropout, Sequential";

  private final List<ScriptPasses.Statement> statements = new ArrayList<>();
  private final Map<String, Tensor> attributes = new LinkedHashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private int values;

  /**
   * Starts a script over a module's state: each state-dict key becomes an attribute {@code
   * p<i>_<key>} (dots as double underscores, any other character not allowed in a Python name as an
   * underscore; the index keeps two keys that read alike apart).
   */
  ScriptBuilder(Map<String, Tensor> state) {
    state.forEach(
        (key, value) -> {
          String name =
              "p" + names.size() + "_" + key.replace(".", "__").replaceAll("[^A-Za-z0-9_]", "_");
          names.put(key, name);
          attributes.put(name, value);
        });
  }

  /**
   * Writes {@code name = expression} and returns the new value's name.
   *
   * @param expression a TorchScript expression over earlier values
   * @return the value's name
   */
  public String emit(String expression) {
    return add(expression, null, null);
  }

  private String add(String expression, ScriptPasses.Conv conv, ScriptPasses.Norm norm) {
    String name = "v" + ++values;
    statements.add(new ScriptPasses.Statement(name, expression, conv, norm));
    return name;
  }

  /**
   * Writes a child of {@code parent}'s forward pass on {@code input}.
   *
   * @param parent the module whose child is called
   * @param prefix {@code parent}'s state-dict prefix ({@code ""} or ending in a dot)
   * @param child the child's name
   * @param input the input value's name
   * @return the output value's name
   */
  public String child(Module parent, String prefix, String child, String input) {
    Module m = parent.namedChildren().get(child);
    if (m == null) {
      throw new IllegalStateException(parent.spec().typeName() + " has no child " + child);
    }
    return call(m, prefix + child + ".", input);
  }

  /** The attributes: the state's, and any that BatchNorm folding added. */
  Map<String, Tensor> attributes() {
    return attributes;
  }

  /**
   * Renders the class: the attributes, then {@code forward} returning {@code output}, after the
   * in-place pass and, when asked, BatchNorm folding (which adds attributes, so it runs first).
   */
  String source(String className, String output, boolean foldBatchNorm) {
    List<ScriptPasses.Statement> body = statements;
    if (foldBatchNorm) {
      body = ScriptPasses.foldBatchNorm(body, attributes, output);
    }
    body = ScriptPasses.inPlace(body, output);
    StringBuilder s = new StringBuilder();
    s.append("class ").append(className).append("(Module):\n");
    s.append("  __parameters__ = []\n  __buffers__ = [");
    attributes.keySet().forEach(k -> s.append('"').append(k).append("\", "));
    s.append("]\n");
    attributes.keySet().forEach(k -> s.append("  ").append(k).append(" : Tensor\n"));
    s.append("  training : bool\n");
    s.append("  def forward(self: __torch__.")
        .append(className)
        .append(",\n    x: Tensor) -> Tensor:\n");
    for (ScriptPasses.Statement st : body) {
      s.append("    ").append(st.name()).append(" = ").append(st.expression()).append('\n');
    }
    return s.append("    return ").append(output).append('\n').toString();
  }

  /** Writes {@code m}'s forward on {@code x}; {@code prefix} is its state-dict prefix. */
  String call(Module m, String prefix, String x) {
    if (m instanceof ScriptedForward custom) {
      return custom.script(this, prefix, x);
    }
    ModuleSpec spec = m.spec();
    String name = spec.typeName();
    switch (name) {
      case "Identity", "Dropout" -> {
        return x; // eval mode
      }
      case "ReLU" -> {
        return emit("torch.relu(" + x + ")");
      }
      case "Sigmoid" -> {
        return emit("torch.sigmoid(" + x + ")");
      }
      case "Tanh" -> {
        return emit("torch.tanh(" + x + ")");
      }
      case "SiLU" -> {
        return emit("torch.silu(" + x + ")");
      }
      case "PReLU" -> {
        return emit("torch.prelu(" + x + ", " + attr(prefix, "weight") + ")");
      }
      case "Sequential" -> {
        String v = x;
        for (String child : m.namedChildren().keySet()) {
          v = child(m, prefix, child, v);
        }
        return v;
      }
      default -> {
        return layer(spec, prefix, x);
      }
    }
  }

  private String layer(ModuleSpec spec, String prefix, String x) {
    String simple =
        ScriptForms.expression(spec, x, (key, present) -> optional(prefix, key, present));
    if (simple != null) {
      return emit(simple);
    }
    if (spec instanceof InstanceNorm1dSpec n) {
      // nn.InstanceNorm1d takes (C, L) as one sample: batched for the call, unbatched after
      String batched = emit("torch.unsqueeze(" + x + ", 0) if torch.dim(" + x + ") == 2 else " + x);
      boolean stats = n.trackRunningStats();
      String y = emit(normalisation("instance_norm", batched, prefix, n.affine(), stats, n.eps()));
      return emit("torch.squeeze(" + y + ", 0) if torch.dim(" + x + ") == 2 else " + y);
    }
    if (spec instanceof ConvSpec c) {
      return conv(c, prefix, x);
    }
    if (spec instanceof BatchNorm1dSpec b) {
      boolean stats = b.trackRunningStats();
      ScriptPasses.Norm norm =
          stats
              ? new ScriptPasses.Norm(
                  x,
                  b.affine() ? attr(prefix, "weight") : null,
                  b.affine() ? attr(prefix, "bias") : null,
                  attr(prefix, "running_mean"),
                  attr(prefix, "running_var"),
                  b.eps())
              : null;
      return add(normalisation("batch_norm", x, prefix, b.affine(), stats, b.eps()), null, norm);
    }
    if (spec instanceof GroupNormSpec g) {
      return emit(
          "torch.group_norm("
              + x
              + ", "
              + g.numGroups()
              + ", "
              + optional(prefix, "weight", g.affine())
              + ", "
              + optional(prefix, "bias", g.affine())
              + ", "
              + PythonScalars.floatRepr(g.eps())
              + ", False)");
    }
    if (spec instanceof LayerNormSpec l) {
      return emit(
          "torch.layer_norm("
              + x
              + ", "
              + l.normalizedShape()
              + ", "
              + optional(prefix, "weight", l.elementwiseAffine())
              + ", "
              + optional(prefix, "bias", l.elementwiseAffine() && l.bias())
              + ", "
              + PythonScalars.floatRepr(l.eps())
              + ", False)");
    }
    if (spec instanceof LinearSpec l) {
      return emit(
          "torch.linear("
              + x
              + ", "
              + attr(prefix, "weight")
              + ", "
              + optional(prefix, "bias", l.bias())
              + ")");
    }
    if (spec instanceof GeluSpec g) {
      return emit("torch.gelu(" + x + ", approximate=\"" + (g.tanh() ? "tanh" : "none") + "\")");
    }
    if (spec instanceof MaxPool1dSpec p && !p.returnIndices()) {
      return emit(
          String.format(
              Locale.ROOT,
              "torch.max_pool1d(%s, [%d], [%d], [%d], [%d], %s)",
              x,
              p.kernelSize().value(),
              p.strideValue(),
              p.padding().value(),
              p.dilation().value(),
              p.ceilMode() ? "True" : "False"));
    }
    if (spec instanceof AvgPool1dSpec p) {
      return emit(
          String.format(
              Locale.ROOT,
              "torch.avg_pool1d(%s, [%d], [%d], [%d], %s, %s)",
              x,
              p.kernelSize(),
              p.strideValue(),
              p.padding(),
              p.ceilMode() ? "True" : "False",
              p.countIncludePad() ? "True" : "False"));
    }
    if (spec instanceof AdaptiveAvgPool1dSpec p) {
      return emit("torch.adaptive_avg_pool1d(" + x + ", [" + p.outputSize().value() + "])");
    }
    if (spec instanceof FlattenSpec f) {
      return emit("torch.flatten(" + x + ", " + f.startDim() + ", " + f.endDim() + ")");
    }
    throw new InvalidArgumentException(
        "module",
        "'"
            + (prefix.isEmpty() ? spec.typeName() : prefix.substring(0, prefix.length() - 1))
            + "' ("
            + spec
            + ") has no TorchScript form; supported: "
            + SUPPORTED
            + ", and modules implementing ScriptedForward");
  }

  /**
   * {@code torch.batch_norm} or {@code torch.instance_norm} in eval mode, which share their
   * arguments: with running statistics they normalise by them, without by the input's own ({@code
   * use_input_stats}); the momentum is unused in eval mode.
   */
  private String normalisation(
      String function, String x, String prefix, boolean affine, boolean stats, double eps) {
    return "torch."
        + function
        + "("
        + x
        + ", "
        + optional(prefix, "weight", affine)
        + ", "
        + optional(prefix, "bias", affine)
        + ", "
        + optional(prefix, "running_mean", stats)
        + ", "
        + optional(prefix, "running_var", stats)
        + (stats ? ", False, " : ", True, ")
        + "0.1, "
        + PythonScalars.floatRepr(eps)
        + ", False)";
  }

  private String conv(ConvSpec c, String prefix, String x) {
    String w = attr(prefix, "weight");
    String b = optional(prefix, "bias", c.bias());
    if (c.transposed()) {
      return emit(
          String.format(
              Locale.ROOT,
              "torch.conv_transpose1d(%s, %s, %s, [%d], [%d], [%d], %d, [%d])",
              x,
              w,
              b,
              c.stride(),
              c.padding().amount(),
              c.outputPadding(),
              c.groups(),
              c.dilation()));
    }
    String padding =
        c.padLeft() == c.padRight()
            ? "[" + c.padLeft() + "]"
            : "\"" + c.padding().torchRepr() + "\"";
    if (c.paddingMode() != PaddingMode.ZEROS) {
      // nn.Conv1d._conv_forward: F.pad in the padding mode, then a convolution without padding
      String function =
          switch (c.paddingMode()) {
            case REFLECT -> "torch.reflection_pad1d";
            case REPLICATE -> "torch.replication_pad1d";
            default -> "torch._pad_circular";
          };
      x = emit(function + "(" + x + ", [" + c.padLeft() + ", " + c.padRight() + "])");
      padding = "[0]";
    }
    String input = x;
    String pad = padding;
    BinaryOperator<String> write =
        (weight, bias) ->
            String.format(
                Locale.ROOT,
                "torch.conv1d(%s, %s, %s, [%d], %s, [%d], %d)",
                input,
                weight,
                bias,
                c.stride(),
                pad,
                c.dilation(),
                c.groups());
    return add(write.apply(w, b), new ScriptPasses.Conv(w, c.bias() ? b : null, write), null);
  }

  private String optional(String prefix, String key, boolean present) {
    return present ? attr(prefix, key) : "None";
  }

  /** The attribute holding state-dict entry {@code prefix + key}, checked to exist. */
  private String attr(String prefix, String key) {
    String name = names.get(prefix + key);
    if (name == null) {
      throw new IllegalStateException("no state-dict entry " + prefix + key);
    }
    return "self." + name;
  }
}
