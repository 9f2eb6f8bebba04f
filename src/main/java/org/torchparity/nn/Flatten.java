package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.FlattenSpec;

/**
 * {@code torch.nn.Flatten}: {@code torch.flatten(input, start_dim, end_dim)}, a reshape to the
 * shape {@link FlattenSpec#outputShape} computes (libtorch's {@code reshape}, a view of the input
 * when its memory allows, as {@code flatten} is). The backward pass reshapes {@code grad_output}
 * back.
 */
public final class Flatten extends Module {

  private Flatten(FlattenSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.Flatten()} (dims 1 to -1) in float32 on the CPU.
   *
   * @return the module
   */
  public static Flatten of() {
    return of(FlattenSpec.of(), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Flatten of(FlattenSpec spec, DeviceSpec device) {
    return new Flatten(spec, device);
  }

  @Override
  protected NDArray compute(NDArray input) {
    int[] out = spec().outputShape(TensorConversion.intShape(input.getShape()));
    return input.reshape(TensorConversion.shape(out));
  }
}
