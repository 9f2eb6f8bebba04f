package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.SoftmaxDims;
import org.torchparity.spec.SoftmaxSpec;

/**
 * {@code torch.nn.Softmax}: {@code exp(x_i) / sum_j exp(x_j)} along {@code dim}, on an input of any
 * rank, computed by libtorch's own {@code softmax} (DJL's {@code JniUtils.softmax}) with libtorch's
 * autograd as backward. With {@code dim=None} the dimension is PyTorch's legacy implicit choice
 * ({@link SoftmaxDims#implicit}) and the module logs PyTorch's deprecation warning once, at its
 * first call.
 */
public final class Softmax extends Module {
  private static final Logger LOG = LoggerFactory.getLogger(Softmax.class);

  private final SoftmaxSpec spec;
  // Once per process, as Python's default warning filter shows a warning once per call site.
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private Softmax(SoftmaxSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
  }

  /**
   * Builds {@code nn.Softmax(dim=dim)} in float32 on the CPU.
   *
   * @param dim the dimension, {@code null} for {@code None}
   * @return the module
   */
  public static Softmax of(Integer dim) {
    return of(SoftmaxSpec.of(dim), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Softmax of(SoftmaxSpec spec, DeviceSpec device) {
    return new Softmax(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    int dim = spec.resolvedDim(input.getShape().dimension());
    if (spec.dim() == null && WARNED.compareAndSet(false, true)) {
      LOG.warn(SoftmaxDims.implicitWarning("softmax"));
    }
    return JniUtils.softmax((PtNDArray) input, dim, input.getDataType());
  }
}
