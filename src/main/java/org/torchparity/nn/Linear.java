package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.Engines;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.Tensor;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b} over the last dimension of an input of any rank
 * from 1, through libtorch's {@code linear} (PyTorch's own route: {@code addmm} for a 2-d input
 * with a bias, a folded {@code addmm} for a contiguous 3-d one, else {@code matmul} then the bias),
 * so the engine's sums are PyTorch's, accumulated in the dtype. The backward pass is libtorch's
 * autograd of that op.
 *
 * <p>Initialisation is PyTorch's {@code reset_parameters}: {@code kaiming_uniform_(weight,
 * a=sqrt(5))}, then the bias from {@code U(-1/sqrt(in_features), 1/sqrt(in_features))} (bound 0
 * when {@code in_features} is 0); a weight with no elements is not drawn ({@code kaiming_uniform_}
 * is a no-op there) and stays zero where PyTorch leaves it uninitialised.
 */
public final class Linear extends Module {

  private Linear(LinearSpec spec, DeviceSpec device) {
    super(spec, device);
    try {
      Engines.run("Linear.reset_parameters", this::draw);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Builds {@code nn.Linear(in_features, out_features)} with a bias, in float32 on the CPU.
   *
   * @param inFeatures the input's last dimension
   * @param outFeatures the output's last dimension
   * @return the module
   */
  public static Linear of(int inFeatures, int outFeatures) {
    return of(LinearSpec.of(inFeatures, outFeatures), DeviceSpec.CPU);
  }

  /**
   * Builds the module a spec describes, drawing its parameters from libtorch's generator.
   *
   * @param spec the arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the module; close it when done
   */
  public static Linear of(LinearSpec spec, DeviceSpec device) {
    return new Linear(spec, device);
  }

  @Override
  public LinearSpec spec() {
    return (LinearSpec) super.spec();
  }

  private void draw() {
    LinearSpec s = spec();
    int[] shape = s.parameterShape("weight");
    NDArray weight =
        Tensor.numel(shape) == 0
            ? manager().zeros(TensorConversion.shape(shape), dataType(), djlDevice())
            : PyTorchInit.kaimingUniform(manager(), s.inFeatures(), shape, dataType(), djlDevice());
    registerParameter("weight", weight);
    if (s.bias()) {
      int[] biasShape = s.parameterShape("bias");
      // PyTorch: bound = 1 / sqrt(fan_in) if fan_in > 0 else 0, then uniform_(-bound, bound).
      registerParameter(
          "bias",
          s.inFeatures() > 0
              ? PyTorchInit.fanInUniform(
                  manager(), s.inFeatures(), biasShape, dataType(), djlDevice())
              : PyTorchInit.drawUniform(manager(), 0, 0, biasShape, dataType(), djlDevice()));
    }
  }

  @Override
  protected NDArray compute(NDArray input) {
    NDArray bias = array("bias");
    return JniUtils.linear(
        (PtNDArray) input, (PtNDArray) array("weight"), bias == null ? null : (PtNDArray) bias);
  }

  @Override
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    return Tensor.numel(outputShape) * Math.max(1, spec().inFeatures());
  }
}
