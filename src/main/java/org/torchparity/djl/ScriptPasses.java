package org.torchparity.djl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Rewrites of a script's statements before it is rendered.
 *
 * <ul>
 *   <li>{@link #inPlace} (always): a {@code relu}, {@code sigmoid} or {@code tanh} whose operand is
 *       read by nothing after it writes into that operand's buffer ({@code v.relu_()}), the kernel
 *       PyTorch runs for {@code inplace=True}: the same arithmetic, one allocation fewer.
 *   <li>{@link #foldBatchNorm} (opt-in, changes the arithmetic): an eval-mode {@code batch_norm}
 *       whose input is a {@code conv1d} read by nothing else becomes that convolution with {@code
 *       W' = W * g / sqrt(v + eps)} and {@code b' = (b - m) * g / sqrt(v + eps) + beta}, computed
 *       in double and rounded once to the model's dtype.
 * </ul>
 */
final class ScriptPasses {
  private static final Pattern VALUE = Pattern.compile("\\bv\\d+\\b");

  /**
   * Unary only: {@code a.add_(b)} fails where {@code b} broadcasts {@code a} to a larger shape,
   * which a script cannot tell from its text.
   */
  private static final Set<String> IN_PLACE = Set.of("relu", "sigmoid", "tanh");

  private static final Pattern CALL = Pattern.compile("torch\\.(\\w+)\\((v\\d+)\\)");
  private static final Pattern IN_PLACE_RESULT = Pattern.compile("^v\\d+\\.\\w+_\\(");
  private static final Pattern FUNCTION = Pattern.compile("^torch\\.(\\w+)\\(");

  /**
   * Calls that return a tensor of their own. Anything else (flatten, permute, squeeze, the padding
   * calls, which may return views, and calls this list does not know) may alias its input.
   */
  private static final Set<String> FRESH =
      Set.of(
          "conv1d",
          "conv_transpose1d",
          "batch_norm",
          "group_norm",
          "layer_norm",
          "linear",
          "relu",
          "sigmoid",
          "tanh",
          "add",
          "mul",
          "div",
          "prelu",
          "gelu",
          "silu",
          "mish",
          "elu",
          "celu",
          "selu",
          "leaky_relu",
          "hardtanh",
          "hardswish",
          "hardsigmoid",
          "softplus",
          "softmax",
          "log_softmax",
          "max_pool1d",
          "avg_pool1d",
          "adaptive_avg_pool1d",
          "embedding",
          "cat",
          "clone");

  private ScriptPasses() {}

  /**
   * One statement: {@code name = expression}.
   *
   * @param name the value's name
   * @param expression the right-hand side
   * @param conv for a Conv1d call, how to write it with other weight and bias attributes, else
   *     {@code null}
   * @param norm for an eval-mode BatchNorm1d with running statistics, its state, else {@code null}
   */
  record Statement(String name, String expression, Conv conv, Norm norm) {
    Statement(String name, String expression) {
      this(name, expression, null, null);
    }
  }

  /** A Conv1d statement's parts: its attributes and how to rewrite it with others. */
  record Conv(String weight, String bias, BinaryOperator<String> withAttributes) {}

  /** A BatchNorm1d statement's parts: its input and attributes ({@code null} without affine). */
  record Norm(String input, String weight, String bias, String mean, String var, double eps) {}

  /** Rewrites unary elementwise statements in place where their operand is dead afterwards. */
  static List<Statement> inPlace(List<Statement> statements, String output) {
    List<Statement> out = new ArrayList<>(statements);
    for (int i = 0; i < out.size(); i++) {
      Matcher m = CALL.matcher(out.get(i).expression());
      if (!m.matches() || !IN_PLACE.contains(m.group(1))) {
        continue;
      }
      String operand = m.group(2);
      if (!writable(out, operand, i, output)) {
        continue;
      }
      out.set(i, new Statement(out.get(i).name(), operand + "." + m.group(1) + "_()"));
    }
    return out;
  }

  /**
   * Whether statement {@code at} may overwrite {@code value}: a buffer of its own (made by a call
   * that returns a new tensor, or an earlier in-place write into such a buffer), read by nothing
   * after {@code at}, and never read by a call that might return a view of it.
   */
  private static boolean writable(List<Statement> s, String value, int at, String output) {
    if (value.equals(output)) {
      return false;
    }
    boolean defined = false;
    for (int j = 0; j < s.size(); j++) {
      String e = s.get(j).expression();
      if (s.get(j).name().equals(value)) {
        defined = IN_PLACE_RESULT.matcher(e).find() || fresh(e);
        if (!defined) {
          return false;
        }
      } else if (reads(e, value) && (j > at || !fresh(e))) {
        return false;
      }
    }
    return defined;
  }

  /** Whether {@code expression} is one call that always returns a new tensor, never a view. */
  private static boolean fresh(String expression) {
    Matcher call = FUNCTION.matcher(expression);
    return call.find()
        && FRESH.contains(call.group(1))
        && !expression.contains(" if ")
        && !expression.endsWith("]");
  }

  private static boolean reads(String expression, String value) {
    Matcher m = VALUE.matcher(expression);
    while (m.find()) {
      if (m.group().equals(value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Folds each eval-mode BatchNorm1d into the Conv1d before it where the convolution's output feeds
   * nothing else; new attributes join {@code attributes}.
   */
  static List<Statement> foldBatchNorm(
      List<Statement> statements, Map<String, Tensor> attributes, String output) {
    List<Statement> out = new ArrayList<>(statements);
    for (int i = 0; i < out.size(); i++) {
      Norm norm = out.get(i).norm();
      if (norm == null) {
        continue;
      }
      int c = indexOf(out, norm.input());
      if (c < 0 || out.get(c).conv() == null || readers(out, norm.input(), output) != 1) {
        continue;
      }
      Conv conv = out.get(c).conv();
      String base = conv.weight().substring("self.".length());
      Tensor w = attributes.get(base);
      Tensor b =
          conv.bias() == null ? null : attributes.get(conv.bias().substring("self.".length()));
      Tensor[] folded = fold(w, b, norm, attributes);
      attributes.put(base + "_folded_w", folded[0]);
      attributes.put(base + "_folded_b", folded[1]);
      String expression =
          conv.withAttributes().apply("self." + base + "_folded_w", "self." + base + "_folded_b");
      out.set(i, new Statement(out.get(i).name(), expression));
      out.remove(c);
      i--;
    }
    return out;
  }

  private static Tensor[] fold(Tensor w, Tensor b, Norm n, Map<String, Tensor> attributes) {
    double[] mean = values(attributes, n.mean());
    double[] var = values(attributes, n.var());
    int channels = mean.length;
    double[] gamma = n.weight() == null ? ones(channels) : values(attributes, n.weight());
    double[] beta = n.bias() == null ? new double[channels] : values(attributes, n.bias());
    double[] bias = b == null ? new double[channels] : b.toDoubleArray();
    double[] weight = w.toDoubleArray();
    int perChannel = weight.length / channels;
    double[] newBias = new double[channels];
    for (int o = 0; o < channels; o++) {
      double scale = gamma[o] / Math.sqrt(var[o] + n.eps());
      for (int k = 0; k < perChannel; k++) {
        weight[o * perChannel + k] *= scale;
      }
      newBias[o] = (bias[o] - mean[o]) * scale + beta[o];
    }
    DType dtype = w.dtype();
    return new Tensor[] {
      Tensor.of(dtype, w.shape(), weight), Tensor.of(dtype, new int[] {channels}, newBias)
    };
  }

  private static double[] values(Map<String, Tensor> attributes, String self) {
    return attributes.get(self.substring("self.".length())).toDoubleArray();
  }

  private static double[] ones(int n) {
    double[] d = new double[n];
    java.util.Arrays.fill(d, 1);
    return d;
  }

  private static int indexOf(List<Statement> s, String name) {
    for (int i = 0; i < s.size(); i++) {
      if (s.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int readers(List<Statement> s, String value, String output) {
    int n = value.equals(output) ? 1 : 0;
    for (Statement st : s) {
      if (reads(st.expression(), value)) {
        n++;
      }
    }
    return n;
  }
}
