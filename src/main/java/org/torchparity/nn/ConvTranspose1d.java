package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * {@code torch.nn.ConvTranspose1d} on DJL's PyTorch engine, which DJL itself cannot run (its {@code
 * Conv1dTranspose} throws {@code UnsupportedOperationException} there).
 *
 * <p>Input {@code (N, C_in, L)} or {@code (C_in, L)}; weight {@code (C_in, C_out/groups, k)} as in
 * PyTorch; bias {@code (C_out)}; output length {@code (L-1)*stride - 2*padding + dilation*(k-1) +
 * outputPadding + 1}. {@link #forward(Tensor, int)} takes PyTorch's {@code output_size}. How the
 * engine computes it: see {@code EngineConv.convTranspose1d}.
 */
public final class ConvTranspose1d extends ConvLayer {
  /** The weight rewritten for the zero-stuffed convolution; guarded by the layer's lock. */
  private NDArray convWeight;

  private ConvTranspose1d(ConvSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  /**
   * Builds a ConvTranspose1d on the CPU.
   *
   * @param spec arguments of kind {@link ConvSpec.Kind#CONV_TRANSPOSE1D}
   * @return the layer; close it when done
   */
  public static ConvTranspose1d of(ConvSpec spec) {
    return of(spec, DeviceSpec.CPU);
  }

  /**
   * Builds a ConvTranspose1d on a device.
   *
   * @param spec arguments of kind {@link ConvSpec.Kind#CONV_TRANSPOSE1D}
   * @param device {@code cpu} or {@code cuda:N}
   * @return the layer; close it when done
   */
  public static ConvTranspose1d of(ConvSpec spec, DeviceSpec device) {
    if (spec.kind() != ConvSpec.Kind.CONV_TRANSPOSE1D) {
      throw new InvalidArgumentException(
          "spec",
          "ConvTranspose1d needs a ConvTranspose1d spec but got "
              + spec.kind().torchName()
              + ": "
              + spec);
    }
    return new ConvTranspose1d(spec, device);
  }

  /**
   * Runs the forward pass with PyTorch's {@code output_size}: the output padding becomes {@code
   * outputSize - minimumLength}, which must lie in {@code [0, stride - 1]}.
   *
   * @param input the input
   * @param outputSize the output length wanted
   * @return the output
   * @throws InvalidArgumentException naming {@code outputSize} when it is out of range
   */
  public Tensor forward(Tensor input, int outputSize) {
    return forwardTensor(
        input, spec().outputPaddingFor(lastDim(checkNotNull(input).shape()), outputSize));
  }

  /**
   * Runs the forward pass on a DJL array with PyTorch's {@code output_size}.
   *
   * @param input the input
   * @param outputSize the output length wanted
   * @return the output, owned by {@code input.getManager()}
   */
  public NDArray forward(NDArray input, int outputSize) {
    int[] shape = TensorConversion.intShape(HostCalls.notNull("input", input).getShape());
    return forwardArray(input, spec().outputPaddingFor(lastDim(shape), outputSize));
  }

  @Override
  NDArray run(NDArray x, NDArray weight, NDArray bias, int outputPadding) {
    // Inside an autograd backward pass the weight is a gradient-requiring copy (see Autograd):
    // the kept convolution-form kernel is only for the parameter itself, so the gradient reaches
    // the copy.
    NDArray kept = weight == ownParameters().get("weight") ? convWeight : null;
    return EngineConv.transposed(spec(), x, weight, kept, bias, outputPadding);
  }

  /** Keeps the kernel in convolution form, rebuilt only when the weight changes. */
  @Override
  protected void stateChanged(String name) {
    if (!"weight".equals(name)) {
      return;
    }
    if (convWeight != null) {
      convWeight.close();
    }
    try (NDManager scratch = manager().newSubManager()) {
      NDArray weight = array("weight");
      weight.tempAttach(scratch);
      NDArray derived = EngineConv.transposeWeight(weight, spec().groups());
      derived.attach(manager());
      convWeight = derived;
    }
  }

  /** The input's length, after the rank check PyTorch makes first. */
  private int lastDim(int[] shape) {
    spec().outputShape(shape); // refuses a rank other than 2 or 3, naming input
    return shape[shape.length - 1];
  }
}
