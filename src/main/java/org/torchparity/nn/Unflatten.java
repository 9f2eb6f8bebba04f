package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.UnflattenSpec;

/**
 * {@code torch.nn.Unflatten}: {@code input.unflatten(dim, unflattened_size)}, a reshape to the
 * shape {@link UnflattenSpec#outputShape} computes with any {@code -1} inferred (libtorch's {@code
 * reshape}, a view of the input, as {@code unflatten} is). The backward pass reshapes {@code
 * grad_output} back.
 */
public final class Unflatten extends Module {

  private Unflatten(UnflattenSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.Unflatten(dim, sizes)} in float32 on the CPU.
   *
   * @param dim the dimension to split
   * @param sizes the sizes it splits into, one of them possibly {@code -1}
   * @return the module
   */
  public static Unflatten of(int dim, int... sizes) {
    return of(UnflattenSpec.of(dim, sizes), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Unflatten of(UnflattenSpec spec, DeviceSpec device) {
    return new Unflatten(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    int[] out = spec().outputShape(TensorConversion.intShape(input.getShape()));
    return input.reshape(TensorConversion.shape(out));
  }
}
