package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.LayerNormSpec;

/**
 * {@code torch.nn.LayerNorm} over the input's trailing {@code normalized_shape}, through libtorch's
 * {@code layer_norm}. Parameters start as weight ones, bias zeros. Backward is libtorch's autograd
 * of {@code layer_norm}. The same in training and eval mode.
 */
public final class LayerNorm extends Module {
  private final LayerNormSpec spec;

  private LayerNorm(LayerNormSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
    if (spec.elementwiseAffine()) {
      Shape shape = TensorConversion.shape(spec.normalizedDims());
      registerParameter("weight", manager().ones(shape, dataType()));
      if (spec.bias()) {
        registerParameter("bias", manager().zeros(shape, dataType()));
      }
    }
  }

  /**
   * Builds {@code nn.LayerNorm(normalized_shape)} in float32 on the CPU.
   *
   * @param normalizedShape the trailing dimensions normalised together
   * @return the module; close it when done
   */
  public static LayerNorm of(int... normalizedShape) {
    return of(LayerNormSpec.of(normalizedShape), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static LayerNorm of(LayerNormSpec spec, DeviceSpec device) {
    return new LayerNorm(spec, device);
  }

  @Override
  public LayerNormSpec spec() {
    return spec;
  }

  @Override
  protected NDArray compute(NDArray input) {
    long[] normalized = java.util.Arrays.stream(spec.normalizedDims()).asLongStream().toArray();
    return NormOps.layerNorm(input, normalized, array("weight"), array("bias"), spec.eps());
  }
}
