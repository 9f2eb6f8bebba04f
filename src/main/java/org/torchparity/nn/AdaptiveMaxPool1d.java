package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.PoolShapes;
import org.torchparity.spec.Tensor;

/**
 * {@code torch.nn.AdaptiveMaxPool1d}: the largest value of each of {@code output_size} windows,
 * libtorch's {@code adaptive_max_pool1d} (DJL's {@code adaptiveMaxPool}) and its autograd. DJL
 * returns no indices, so {@code return_indices=True} composes them from libtorch ops ({@link
 * PoolOps#maxIndices}: the first of equal maxima, the last NaN of a window, as libtorch's kernel
 * picks). An input without elements gives an empty output directly: libtorch accepts an unbatched
 * {@code (0, L)} input, which its batched form {@code (1, 0, L)} would refuse.
 */
public final class AdaptiveMaxPool1d extends Module {

  private AdaptiveMaxPool1d(AdaptiveMaxPool1dSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds {@code nn.AdaptiveMaxPool1d(output_size)} in float32 on the CPU.
   *
   * @param outputSize the number of windows
   * @return the module
   */
  public static AdaptiveMaxPool1d of(int outputSize) {
    return of(AdaptiveMaxPool1dSpec.of(outputSize), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static AdaptiveMaxPool1d of(AdaptiveMaxPool1dSpec spec, DeviceSpec device) {
    return new AdaptiveMaxPool1d(spec, device);
  }

  private AdaptiveMaxPool1dSpec poolSpec() {
    return (AdaptiveMaxPool1dSpec) spec();
  }

  @Override
  protected NDArray compute(NDArray input) {
    if (input.size() == 0) {
      // An empty input has an empty output: reshaping keeps it on the autograd graph.
      return input.reshape(outputShapeOf(input));
    }
    int out = poolSpec().outputSize().value();
    NDArray y = JniUtils.adaptiveMaxPool((PtNDArray) PoolOps.batched(input), new Shape(out));
    return PoolOps.unbatched(y, input);
  }

  @Override
  protected NDList computeAll(NDArray input) {
    if (!poolSpec().returnIndices()) {
      return super.computeAll(input);
    }
    NDArray values = compute(input);
    NDArray indices;
    if (input.size() == 0) {
      indices = input.getManager().zeros(outputShapeOf(input), DataType.INT64);
    } else {
      NDArray x = PoolOps.batched(input);
      int length = Math.toIntExact(x.getShape().get(2));
      int out = poolSpec().outputSize().value();
      long[] starts = new long[out];
      int[] counts = new int[out];
      for (int o = 0; o < out; o++) {
        starts[o] = PoolShapes.adaptiveStart(o, length, out);
        counts[o] = PoolShapes.adaptiveEnd(o, length, out) - (int) starts[o];
      }
      indices = PoolOps.unbatched(PoolOps.maxIndices(x, starts, counts, 1), input);
    }
    return new NDList(values, indices);
  }

  private Shape outputShapeOf(NDArray input) {
    int[] in = TensorConversion.intShape(input.getShape());
    return TensorConversion.shape(poolSpec().outputShape(in));
  }

  @Override
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    return Math.max(super.workEstimate(inputShape, outputShape), Tensor.numel(inputShape));
  }
}
