package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.Engines;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * What {@link Conv1d} and {@link ConvTranspose1d} share, as PyTorch's {@code _ConvNd}: a validated
 * {@link ConvSpec}, a {@code weight} and an optional {@code bias} registered on the {@link Module}
 * base, PyTorch's {@code reset_parameters}, and the parameter setters PyTorch users write as {@code
 * conv.weight[0] = 1}. Everything else (host entry points, state dicts, locking, repr) is the
 * base's.
 *
 * <p>Backward passes are built from forward-direction ops ({@code EngineBackward}), so they run
 * concurrently like forward passes. {@code ConcurrencyTest} holds the thread contract: 8 threads x
 * 10,000 forwards are bit-identical to one thread.
 */
public abstract sealed class ConvLayer extends Module permits Conv1d, ConvTranspose1d {
  private final ConvSpec spec;

  ConvLayer(ConvSpec spec, DeviceSpec device) {
    super(spec, device);
    this.spec = spec;
    try {
      adopt(
          Engines.call(
              spec.typeName() + ".reset_parameters",
              () -> PyTorchInit.draw(spec, manager(), dataType(), djlDevice())));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Builds the layer a spec describes: a {@link Conv1d} or a {@link ConvTranspose1d}.
   *
   * @param spec the layer's arguments
   * @param device {@code cpu} or {@code cuda:N}
   * @return the layer; close it when done
   */
  public static ConvLayer of(ConvSpec spec, DeviceSpec device) {
    return spec.transposed() ? ConvTranspose1d.of(spec, device) : Conv1d.of(spec, device);
  }

  /**
   * Returns the layer's arguments.
   *
   * @return the spec
   */
  @Override
  public final ConvSpec spec() {
    return spec;
  }

  /**
   * Returns the output shape, refusing inputs PyTorch refuses.
   *
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @return the output's dimensions
   */
  @Override
  public int[] outputShape(int... inputShape) {
    return spec.outputShape(inputShape);
  }

  /**
   * Releases the calling thread's staging buffers now rather than when the thread ends. Each thread
   * that runs the array or {@link Tensor} forward pass keeps up to two direct buffers, each as
   * large as the largest tensor it carried (up to 256 MiB; larger tensors use a buffer of their own
   * for the call). Worth calling from long-lived threads after a one-off large call.
   */
  public static void releaseThreadBuffers() {
    HostStaging.releaseCurrentThread();
  }

  // ---------------------------------------------------------------- engine

  @Override
  protected final NDArray compute(NDArray input) {
    return compute(input, spec.outputPadding());
  }

  /** Runs the layer on {@code x} (rank 2 or 3); results join x's manager. */
  final NDArray compute(NDArray x, int outputPadding) {
    boolean unbatched = x.getShape().dimension() == 2;
    NDArray x3 = unbatched ? x.expandDims(0) : x;
    NDArray y3 = run(x3, array("weight"), array("bias"), outputPadding);
    return unbatched ? y3.squeeze(0) : y3;
  }

  @Override
  protected final ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    // duplicate() is tensor.clone(): the weight stays untouched by anything the route records.
    NDArray weightCopy = array("weight").duplicate();
    weightCopy.attach(input.getManager());
    NDArray[] grads = EngineBackward.backward(spec, input, weightCopy, array("bias"), gradOutput);
    Map<String, NDArray> params = new LinkedHashMap<>();
    params.put("weight", grads[1]);
    if (grads[2] != null) {
      params.put("bias", grads[2]);
    }
    return new ArrayGradients(grads[0], params);
  }

  /**
   * Counts the multiply-adds of a forward pass, for the thread policy: every output element of a
   * Conv1d takes {@code C_in/groups * k}, every input element of a ConvTranspose1d {@code
   * C_out/groups * k}.
   */
  @Override
  protected final long workEstimate(int[] inputShape, int[] outputShape) {
    if (spec.transposed()) {
      return (long) spec.outChannels()
          / spec.groups()
          * spec.kernelSize()
          * Tensor.numel(inputShape);
    }
    return (long) spec.inChannels() / spec.groups() * spec.kernelSize() * Tensor.numel(outputShape);
  }

  /**
   * The layer's own forward pass on a batched input.
   *
   * @param x {@code (N, C_in, L)}
   * @param weight the weight as PyTorch shapes it
   * @param bias the bias or {@code null}
   * @param outputPadding ConvTranspose1d's output padding (ignored by Conv1d)
   * @return {@code (N, C_out, L_out)}, attached to {@code x}'s manager
   */
  abstract NDArray run(NDArray x, NDArray weight, NDArray bias, int outputPadding);

  /** Runs the forward pass on a tensor with an explicit output padding (ConvTranspose1d's). */
  final Tensor forwardTensor(Tensor input, int outputPadding) {
    int[] outputShape = spec.outputShape(Module.checkNotNull(input).shape(), outputPadding);
    return HostCalls.forwardTensor(this, input, outputShape, x -> compute(x, outputPadding));
  }

  /** Runs the forward pass on an array with an explicit output padding (ConvTranspose1d's). */
  final NDArray forwardArray(NDArray input, int outputPadding) {
    UnaryOperator<NDArray> compute = x -> compute(x, outputPadding);
    return HostCalls.forwardArray(this, input, compute);
  }

  // ---------------------------------------------------------------- parameters

  /**
   * Returns a copy of the weight, shaped as {@link ConvSpec#weightShape()}.
   *
   * @return the weight
   */
  public Tensor weight() {
    return read(() -> TensorConversion.toTensor(array("weight")));
  }

  /**
   * Returns a copy of the bias, or {@code null} when the layer has none.
   *
   * @return the bias {@code (C_out)} or {@code null}
   */
  public Tensor bias() {
    return read(() -> spec.bias() ? TensorConversion.toTensor(array("bias")) : null);
  }

  /**
   * Replaces the whole weight.
   *
   * @param value shaped as {@link ConvSpec#weightShape()}, of the layer's dtype
   * @throws InvalidArgumentException naming the expected and the actual shape or dtype
   */
  public void setWeight(Tensor value) {
    spec.checkWeight(Module.checkNotNull(value));
    write(() -> replace("weight", value));
  }

  /**
   * Replaces the whole weight from row-major values.
   *
   * @param values {@code prod(weightShape)} values, rounded to the layer's dtype
   */
  public void setWeight(double... values) {
    ParameterChecks.checkCount("weight", values, spec.weightShape(), spec.weightShapeLabel());
    setWeight(Tensor.of(spec.dtype(), spec.weightShape(), values));
  }

  /**
   * Replaces weight and bias together, in one write: a forward pass on another thread sees either
   * both old or both new values.
   *
   * @param weight shaped as {@link ConvSpec#weightShape()}, of the layer's dtype
   * @param bias shape {@code (C_out)}, or {@code null} exactly when the layer has no bias
   * @throws InvalidArgumentException when a shape or dtype differs, or bias presence does not match
   */
  public void setParameters(Tensor weight, Tensor bias) {
    spec.checkWeight(Module.checkNotNull(weight));
    if (spec.bias()) {
      if (bias == null) {
        throw new InvalidArgumentException(
            "bias", "bias must be given: " + spec + " was built with bias=true");
      }
      spec.checkBias(bias);
    } else if (bias != null) {
      throw noBias();
    }
    write(
        () -> {
          replace("weight", weight);
          if (bias != null) {
            replace("bias", bias);
          }
        });
  }

  /**
   * Replaces the whole bias.
   *
   * @param value shape {@code (C_out)}, of the layer's dtype
   * @throws InvalidArgumentException when the layer has no bias or the shape or dtype differ
   */
  public void setBias(Tensor value) {
    if (!spec.bias()) {
      throw noBias();
    }
    spec.checkBias(Module.checkNotNull(value));
    write(() -> replace("bias", value));
  }

  /**
   * Replaces the whole bias from values.
   *
   * @param values {@code C_out} values
   */
  public void setBias(double... values) {
    if (!spec.bias()) {
      throw noBias();
    }
    ParameterChecks.checkCount("bias", values, spec.biasShape(), "(outChannels)");
    setBias(Tensor.of(spec.dtype(), spec.biasShape(), values));
  }

  /**
   * Sets every element of {@code weight[index]} (the first axis) to {@code value}, as PyTorch's
   * {@code layer.weight[index] = value} does; for Conv1d that is one output channel's filters.
   *
   * @param index position on the weight's first axis
   * @param value the value
   */
  public void fillWeight(int index, double value) {
    int[] shape = spec.weightShape();
    ParameterChecks.checkIndex("weight", new int[] {index}, shape);
    int block = shape[1] * shape[2];
    edit("weight", values -> Arrays.fill(values, index * block, (index + 1) * block, value));
  }

  /**
   * Sets one weight element, as PyTorch's {@code layer.weight[i, j, k] = value}.
   *
   * @param i first-axis index
   * @param j second-axis index
   * @param k kernel tap
   * @param value the value
   */
  public void setWeightAt(int i, int j, int k, double value) {
    int[] shape = spec.weightShape();
    ParameterChecks.checkIndex("weight", new int[] {i, j, k}, shape);
    edit("weight", values -> values[(i * shape[1] + j) * shape[2] + k] = value);
  }

  /**
   * Sets one bias element, as PyTorch's {@code layer.bias[index] = value}.
   *
   * @param index output channel
   * @param value the value
   */
  public void setBiasAt(int index, double value) {
    if (!spec.bias()) {
      throw noBias();
    }
    ParameterChecks.checkIndex("bias", new int[] {index}, spec.biasShape());
    edit("bias", values -> values[index] = value);
  }

  /**
   * Edits a parameter on the host and writes it back whole: parameters are small, and this keeps
   * the native side free of the scalar temporaries DJL's in-place index assignment leaves behind.
   */
  private void edit(String name, Consumer<double[]> change) {
    write(
        () -> {
          Tensor current = TensorConversion.toTensor(array(name));
          double[] values = current.toDoubleArray();
          change.accept(values);
          replace(name, Tensor.of(spec.dtype(), current.shape(), values));
        });
  }

  /** Replaces a parameter; call under the write lock. */
  private void replace(String name, Tensor value) {
    registerParameter(name, TensorConversion.toNDArray(manager(), value));
    stateChanged(name);
  }

  /**
   * Re-draws weight and bias as PyTorch's {@code reset_parameters} does, from libtorch's global
   * generator in its current state (the arithmetic: {@link PyTorchInit}).
   */
  public void resetParameters() {
    write(() -> adopt(PyTorchInit.draw(spec, manager(), dataType(), djlDevice())));
  }

  /**
   * Seeds libtorch's global generator with {@code seed} (as {@code torch.manual_seed}) and then
   * re-draws the parameters, so that the result equals {@code torch.manual_seed(seed)} followed by
   * constructing the PyTorch module.
   *
   * @param seed the seed
   */
  public void resetParameters(long seed) {
    write(() -> adopt(PyTorchInit.drawSeeded(seed, spec, manager(), dataType(), djlDevice())));
  }

  /** Installs freshly drawn parameters; call under the write lock or from the constructor. */
  private void adopt(PyTorchInit.Drawn drawn) {
    registerParameter("weight", drawn.weight());
    registerParameter("bias", drawn.bias());
    stateChanged("weight");
  }

  private InvalidArgumentException noBias() {
    return new InvalidArgumentException(
        "bias", "bias cannot be set: " + spec + " was built with bias=false");
  }
}
