package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.Map;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.Engines;
import org.torchparity.spec.EmbeddingSpec;

/**
 * {@code torch.nn.Embedding}: looks up rows of {@code weight} for int64 indices of any shape,
 * through libtorch's {@code embedding}. Indices outside {@code [0, num_embeddings)} are refused
 * with an {@link org.torchparity.spec.InvalidArgumentException} naming the index.
 *
 * <p><b>max_norm</b> is PyTorch's: before the lookup, each row the input names whose {@code
 * norm_type}-norm (libtorch's {@code norm}) exceeds {@code max_norm} is multiplied in place by
 * {@code max_norm / (norm + 1e-7)}, so a forward pass <em>changes the weight</em>, as PyTorch's
 * {@code embedding_renorm_} does ({@link EmbeddingRenorm}). Forward passes of one such module
 * serialise on it; a state dict read while one runs may hold rows from before and after it. A
 * backward call re-running the forward (inside a {@link Sequential}) renormalises a copy and leaves
 * the module as it was.
 *
 * <p><b>Backward</b> returns no grad_input (the input holds indices; {@code input.grad} is None)
 * and the weight's gradient as PyTorch's {@code embedding_dense_backward} computes it: libtorch's
 * autograd of the plain lookup, given {@code grad_output} with the rows at {@code padding_idx}
 * zeroed and, with {@code scale_grad_by_freq}, each position scaled by {@code 1 / count(index)}.
 * With {@code sparse=True} PyTorch returns that gradient as a sparse tensor; here it is dense, with
 * the same values. Inside another module's autograd (a custom forward), the lookup's graph gets the
 * same masking and scaling from detached copies; there an infinite or NaN weight entry gets a zero
 * gradient under {@code scale_grad_by_freq}, where PyTorch gives the scaled one.
 *
 * <p>Initialisation is PyTorch's {@code reset_parameters}: {@code normal_(weight)} ({@code N(0,
 * 1)}), then the {@code padding_idx} row set to zero.
 */
public final class Embedding extends Module {
  private final Object renormLock = new Object();

  private Embedding(EmbeddingSpec spec, DeviceSpec device) {
    super(spec, device);
    try {
      Engines.run("Embedding.reset_parameters", this::draw);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Builds {@code nn.Embedding(num_embeddings, embedding_dim)} in float32 on the CPU.
   *
   * @param numEmbeddings the number of rows
   * @param embeddingDim the size of each row
   * @return the module
   */
  public static Embedding of(int numEmbeddings, int embeddingDim) {
    return of(EmbeddingSpec.of(numEmbeddings, embeddingDim), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes, drawing its weight from libtorch's generator.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Embedding of(EmbeddingSpec spec, DeviceSpec device) {
    return new Embedding(spec, device);
  }

  @Override
  public EmbeddingSpec spec() {
    return (EmbeddingSpec) super.spec();
  }

  private void draw() {
    EmbeddingSpec s = spec();
    NDArray weight =
        PyTorchInit.drawNormal(
            manager(), 0, 1, s.parameterShape("weight"), dataType(), djlDevice());
    if (s.paddingIdx() != null) {
      // PyTorch: with torch.no_grad(): self.weight[self.padding_idx].fill_(0)
      try (NDManager temp = manager().newSubManager()) {
        NDArray zeros = temp.zeros(new Shape(s.embeddingDim()), dataType());
        JniUtils.indexAdvPut(
            (PtNDArray) weight, new NDIndex(s.paddingIdx().longValue()), (PtNDArray) zeros);
      }
    }
    registerParameter("weight", weight);
  }

  @Override
  protected NDArray compute(NDArray input) {
    long[] indices = checkedIndices(input);
    NDArray weight = array("weight");
    NDManager scratch = input.getManager();
    EmbeddingSpec s = spec();
    if (s.maxNorm() == null) {
      return lookup(input, weight);
    }
    if (weight.hasGradient() || inGradientPass()) {
      // A gradient pass leaves the module's weight alone: renormalise the autograd copy, or a
      // copy of the weight made for this call.
      NDArray w = weight;
      if (!weight.hasGradient()) {
        w = weight.duplicate();
        w.attach(scratch);
      }
      EmbeddingRenorm.apply(w, indices, s, scratch);
      return lookup(input, w);
    }
    synchronized (renormLock) {
      EmbeddingRenorm.apply(weight, indices, s, scratch);
      return lookup(input, weight);
    }
  }

  /** The lookup, with the gradient's masking and scaling when another module's autograd runs. */
  private NDArray lookup(NDArray input, NDArray weight) {
    NDArray y = JniUtils.embedding((PtNDArray) input, (PtNDArray) weight, false);
    EmbeddingSpec s = spec();
    if (!weight.hasGradient() || (s.paddingIdx() == null && !s.scaleGradByFreq())) {
      return y;
    }
    NDArray detached = y.stopGradient();
    NDArray out = y;
    if (s.scaleGradByFreq()) {
      // Forward value y exactly (y - (z - z) with z finite), gradient scaled by 1/count.
      NDArray z = y.mul(positionScales(input));
      NDArray shifted = detached.sub(z.stopGradient().sub(z));
      NDArray finite = detached.isNaN().logicalOr(detached.isInfinite()).logicalNot();
      out = JniUtils.where((PtNDArray) finite, (PtNDArray) shifted, (PtNDArray) detached);
    }
    if (s.paddingIdx() != null) {
      NDArray padding = input.eq(s.paddingIdx()).expandDims(-1);
      out = JniUtils.where((PtNDArray) padding, (PtNDArray) detached, (PtNDArray) out);
    }
    return out;
  }

  /**
   * PyTorch's {@code embedding_dense_backward}: the gradient of the plain lookup (libtorch's
   * autograd of {@code embedding}, which scatters and adds {@code grad_output}'s rows into the
   * weight's shape in input order) with the rows at {@code padding_idx} zeroed and, with {@code
   * scale_grad_by_freq}, each row scaled by {@code 1 / count}. The weight's values take no part.
   */
  @Override
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    checkedIndices(input);
    EmbeddingSpec s = spec();
    NDManager scratch = input.getManager();
    NDArray g = gradOutput;
    if (s.scaleGradByFreq()) {
      g = g.mul(positionScales(input));
    }
    if (s.paddingIdx() != null) {
      NDArray padding = input.eq(s.paddingIdx()).expandDims(-1);
      g = JniUtils.where((PtNDArray) padding, (PtNDArray) g.zerosLike(), (PtNDArray) g);
    }
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      NDArray leaf = scratch.zeros(new Shape(s.numEmbeddings(), s.embeddingDim()), dataType());
      leaf.setRequiresGradient(true);
      NDArray y = JniUtils.embedding((PtNDArray) input, (PtNDArray) leaf, false);
      JniUtils.backward((PtNDArray) y, (PtNDArray) g, false, false);
      NDArray grad = JniUtils.getGradient((PtNDArray) leaf);
      if (grad == null) {
        grad = leaf.zerosLike();
      } else {
        grad.attach(scratch);
      }
      return new ArrayGradients(null, Map.of("weight", grad));
    } finally {
      JniUtils.setGradMode(wasEnabled);
    }
  }

  /**
   * Each position's {@code 1 / count(index)} in the module's dtype, shaped {@code (*, 1)}: the
   * scale PyTorch's backward gives ({@code scale = 1.0 / counts[k]}, cast to the dtype).
   */
  private NDArray positionScales(NDArray input) {
    long[] indices = input.toLongArray();
    Map<Long, Integer> counts = new HashMap<>();
    for (long index : indices) {
      counts.merge(index, 1, Integer::sum);
    }
    double[] scales = new double[indices.length];
    for (int i = 0; i < indices.length; i++) {
      scales[i] = 1.0 / counts.get(indices[i]);
    }
    NDArray column = input.getManager().create(scales, input.getShape().add(1));
    return dataType() == DataType.FLOAT64 ? column : column.toType(dataType(), false);
  }

  /** The indices on the host, each checked against {@code num_embeddings}. */
  private long[] checkedIndices(NDArray input) {
    long[] indices = input.toLongArray();
    for (long index : indices) {
      spec().checkIndex(index);
    }
    return indices;
  }
}
