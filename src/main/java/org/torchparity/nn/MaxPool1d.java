package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.MaxPool1dSpec;

/**
 * {@code torch.nn.MaxPool1d}: the largest value of each window. Without dilation the values are
 * libtorch's {@code max_pool1d} (DJL's {@code maxPool}), whose autograd is PyTorch's own backward
 * (the gradient goes to the position {@code max_pool1d_with_indices} picks). DJL's {@code maxPool}
 * takes no dilation and returns no indices, so the indices ({@code return_indices=True}) and, with
 * a dilation, the values are composed from libtorch ops: the position libtorch's kernel picks
 * ({@link PoolOps#maxIndices}: the first of equal maxima, the last NaN of a window) and a {@code
 * gather} of the input there, whose autograd sends each output's gradient to that position, as
 * PyTorch's backward does.
 */
public final class MaxPool1d extends Module {

  private MaxPool1d(MaxPool1dSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.MaxPool1d(kernel_size)} in float32 on the CPU.
   *
   * @param kernelSize the window size
   * @return the module
   */
  public static MaxPool1d of(int kernelSize) {
    return of(MaxPool1dSpec.of(kernelSize), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static MaxPool1d of(MaxPool1dSpec spec, DeviceSpec device) {
    return new MaxPool1d(spec, device);
  }

  private MaxPool1dSpec poolSpec() {
    return (MaxPool1dSpec) spec();
  }

  @Override
  protected NDArray compute(NDArray input) {
    MaxPool1dSpec s = poolSpec();
    NDArray x = PoolOps.batched(input);
    NDArray y;
    if (s.dilation().value() == 1) {
      y =
          JniUtils.maxPool(
              (PtNDArray) x,
              new Shape(s.kernelSize().value()),
              new Shape(s.strideValue()),
              new Shape(s.padding().value()),
              s.ceilMode());
    } else {
      y = x.gather(indices(x), 2);
    }
    return PoolOps.unbatched(y, input);
  }

  @Override
  protected NDList computeAll(NDArray input) {
    if (!poolSpec().returnIndices()) {
      return super.computeAll(input);
    }
    NDArray values = compute(input);
    NDArray indices = PoolOps.unbatched(indices(PoolOps.batched(input)), input);
    return new NDList(values, indices);
  }

  /** The positions libtorch picks in the batched input {@code x}, int64 {@code (N, C, out)}. */
  private NDArray indices(NDArray x) {
    MaxPool1dSpec s = poolSpec();
    int length = Math.toIntExact(x.getShape().get(2));
    int out = Math.toIntExact(s.outputLength(length));
    long[] starts = new long[out];
    for (int o = 0; o < out; o++) {
      starts[o] = (long) o * s.strideValue() - s.padding().value();
    }
    int[] counts = new int[out];
    Arrays.fill(counts, s.kernelSize().value());
    return PoolOps.maxIndices(x, starts, counts, s.dilation().value());
  }

  @Override
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    return super.workEstimate(inputShape, outputShape) * poolSpec().kernelSize().value();
  }
}
