package org.torchparity.spec;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code torch.nn.Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None,
 * norm_type=2.0, scale_grad_by_freq=False, sparse=False)}: a lookup table; int64 indices of any
 * shape {@code (*)} give {@code (*, embedding_dim)} rows of {@code weight} {@code (num_embeddings,
 * embedding_dim)}.
 *
 * <ul>
 *   <li>{@code padding_idx}: that row starts at zero and its gradient is always zero; a negative
 *       value counts from the end and is kept normalised ({@code num_embeddings + padding_idx}), as
 *       PyTorch keeps it.
 *   <li>{@code max_norm}: before each lookup, every row the input names whose {@code
 *       norm_type}-norm exceeds {@code max_norm} is scaled in place to {@code max_norm / (norm +
 *       1e-7)} times itself (PyTorch's {@code embedding_renorm_}): the forward pass changes the
 *       weight. Any value is accepted, as PyTorch accepts it.
 *   <li>{@code scale_grad_by_freq}: the weight's gradient of each row is divided by how often the
 *       input names it.
 *   <li>{@code sparse}: PyTorch returns the weight's gradient as a sparse tensor; torch-parity
 *       returns the same values dense.
 * </ul>
 *
 * <p>Indices outside {@code [0, num_embeddings)} are refused at the forward pass (PyTorch: {@code
 * index out of range in self}). PyTorch also takes int32 indices; torch-parity takes int64.
 *
 * @param numEmbeddings the number of rows, 0 or more
 * @param embeddingDim the size of each row, 0 or more
 * @param paddingIdx the padding row in {@code [0, num_embeddings)}, or {@code null}
 * @param maxNorm the largest norm a looked-up row keeps, or {@code null} for no renormalisation
 * @param normType the {@code p} of the p-norm {@code max_norm} compares
 * @param scaleGradByFreq whether gradients are divided by the indices' frequency in the input
 * @param sparse PyTorch's sparse gradient flag (kept for the repr and the arguments)
 * @param dtype the floating dtype of the weight and the output
 */
public record EmbeddingSpec(
    int numEmbeddings,
    int embeddingDim,
    Integer paddingIdx,
    Double maxNorm,
    double normType,
    boolean scaleGradByFreq,
    boolean sparse,
    DType dtype)
    implements ModuleSpec {

  /**
   * Validates as PyTorch's constructor does and normalises a negative {@code padding_idx}.
   *
   * @param numEmbeddings {@code num_embeddings}
   * @param embeddingDim {@code embedding_dim}
   * @param paddingIdx {@code padding_idx}, possibly negative, or {@code null}
   * @param maxNorm {@code max_norm} or {@code null}
   * @param normType {@code norm_type}
   * @param scaleGradByFreq {@code scale_grad_by_freq}
   * @param sparse {@code sparse}
   * @param dtype float32 or float64
   */
  public EmbeddingSpec {
    SpecChecks.floating(dtype);
    // torch.empty((num_embeddings, embedding_dim)) names the first negative dimension.
    nonNegative("num_embeddings", numEmbeddings, numEmbeddings, embeddingDim);
    nonNegative("embedding_dim", embeddingDim, numEmbeddings, embeddingDim);
    if (paddingIdx != null) {
      int p = paddingIdx;
      if ((p > 0 && p >= numEmbeddings) || (p < 0 && p < -numEmbeddings)) {
        throw new InvalidArgumentException(
            "padding_idx",
            "padding_idx must be in ["
                + -numEmbeddings
                + ", "
                + (numEmbeddings - 1)
                + "] for num_embeddings="
                + numEmbeddings
                + " but was "
                + p
                + " (PyTorch: Padding_idx must be within num_embeddings)");
      }
      if (numEmbeddings == 0) {
        throw new InvalidArgumentException(
            "padding_idx",
            "padding_idx="
                + p
                + " names no row of an empty table (num_embeddings=0) (PyTorch: index 0 is out"
                + " of bounds for dimension 0 with size 0)");
      }
      paddingIdx = p < 0 ? numEmbeddings + p : p;
    }
  }

  private static void nonNegative(String name, int value, int rows, int columns) {
    if (value < 0) {
      throw new InvalidArgumentException(
          name,
          name
              + " must be 0 or more but was "
              + value
              + " (PyTorch: Trying to create tensor with negative dimension "
              + value
              + ": ["
              + rows
              + ", "
              + columns
              + "])");
    }
  }

  /**
   * Returns {@code nn.Embedding(num_embeddings, embedding_dim)} in float32.
   *
   * @param numEmbeddings the number of rows
   * @param embeddingDim the size of each row
   * @return the spec
   */
  public static EmbeddingSpec of(int numEmbeddings, int embeddingDim) {
    return new EmbeddingSpec(
        numEmbeddings, embeddingDim, null, null, 2.0, false, false, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Embedding";
  }

  /**
   * Returns PyTorch's {@code extra_repr()}: {@code max_norm} and {@code norm_type} print as Python
   * floats ({@code max_norm=1.0}; PyTorch prints {@code max_norm=1} when built with the int 1).
   */
  @Override
  public String extraRepr() {
    StringBuilder s = new StringBuilder().append(numEmbeddings).append(", ").append(embeddingDim);
    if (paddingIdx != null) {
      s.append(", padding_idx=").append(paddingIdx);
    }
    if (maxNorm != null) {
      s.append(", max_norm=").append(pythonFloat(maxNorm));
    }
    if (normType != 2) {
      s.append(", norm_type=").append(pythonFloat(normType));
    }
    if (scaleGradByFreq) {
      s.append(", scale_grad_by_freq=True");
    }
    if (sparse) {
      s.append(", sparse=True");
    }
    return s.toString();
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("num_embeddings", numEmbeddings);
    args.put("embedding_dim", embeddingDim);
    args.put("padding_idx", paddingIdx);
    args.put("max_norm", maxNorm == null ? null : jsonFloat(maxNorm));
    args.put("norm_type", jsonFloat(normType));
    args.put("scale_grad_by_freq", scaleGradByFreq);
    args.put("sparse", sparse);
    return args;
  }

  @Override
  public EmbeddingSpec withDType(DType value) {
    return new EmbeddingSpec(
        numEmbeddings, embeddingDim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse, value);
  }

  @Override
  public List<String> parameterNames() {
    return List.of("weight");
  }

  @Override
  public int[] parameterShape(String name) {
    if ("weight".equals(name)) {
      return new int[] {numEmbeddings, embeddingDim};
    }
    return ModuleSpec.super.parameterShape(name);
  }

  /** Returns int64: the module takes indices. */
  @Override
  public DType inputDType() {
    return DType.INT64;
  }

  /** Returns {@code (*, embedding_dim)} for indices of any shape {@code (*)}, 0-d included. */
  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(inputShape);
    int[] out = java.util.Arrays.copyOf(inputShape, inputShape.length + 1);
    out[inputShape.length] = embeddingDim;
    Tensor.numel(out);
    return out;
  }

  /**
   * Checks the input's dtype and shape, then that every index names a row, as PyTorch's lookup
   * does.
   *
   * @param input int64 indices
   * @return the output shape
   */
  @Override
  public int[] checkInput(Tensor input) {
    int[] out = ModuleSpec.super.checkInput(input);
    long[] indices = input.toLongArray();
    for (long index : indices) {
      checkIndex(index);
    }
    return out;
  }

  /**
   * Refuses an index outside {@code [0, num_embeddings)}.
   *
   * @param index the index
   * @throws InvalidArgumentException naming {@code input} and the index
   */
  public void checkIndex(long index) {
    if (index < 0 || index >= numEmbeddings) {
      throw new InvalidArgumentException(
          "input",
          "input indices must be in [0, "
              + numEmbeddings
              + ") for num_embeddings="
              + numEmbeddings
              + " but input holds "
              + index
              + " (PyTorch: index out of range in self)");
    }
  }

  /** A float as case args hold it: a number, or {@code "inf"}, {@code "-inf"}, {@code "nan"}. */
  private static Object jsonFloat(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return v;
  }

  /** Python's {@code repr(float)}: the shortest round-tripping digits, Python's layout. */
  static String pythonFloat(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0.0" : "0.0";
    }
    String sci = null;
    for (int digits = 1; digits <= 17; digits++) {
      sci = String.format(Locale.ROOT, "%." + (digits - 1) + "e", v);
      if (Double.parseDouble(sci) == v) {
        break;
      }
    }
    BigDecimal exact = new BigDecimal(sci);
    // Python's decpt: the value is 0.d1d2... x 10^decpt.
    int decpt = exact.precision() - exact.scale();
    if (decpt > -4 && decpt <= 16) {
      String plain = exact.stripTrailingZeros().toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    String mantissa = sci.substring(0, sci.indexOf('e')).replaceAll("\\.?0+$", "");
    int exponent = Integer.parseInt(sci.substring(sci.indexOf('e') + 1));
    return mantissa
        + "e"
        + (exponent < 0 ? "-" : "+")
        + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
  }

  @Override
  public String toString() {
    return repr();
  }
}
