package org.torchparity.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.IntraOpThreads;
import org.torchparity.engine.TorchEngine;
import org.torchparity.io.StateDictException;
import org.torchparity.io.StateDictFile;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * What {@link Conv1d} and {@link ConvTranspose1d} share: a validated {@link ConvSpec}, a device, a
 * weight and an optional bias held as native arrays, and the forward pass on DJL's PyTorch engine.
 *
 * <p><b>Ownership.</b> A layer owns one {@link NDManager}; its parameters live there and every
 * intermediate array of a call lives in a scratch sub-manager closed before the call returns.
 * {@link #close()} frees it all. Arrays a caller receives from {@link #forward(NDArray)} belong to
 * the caller's input manager, and so do the gradients from {@link #backward(NDArray, NDArray)}. The
 * forward passes on Java arrays and {@link Tensor}s copy the input into a direct buffer the calling
 * thread keeps for its next call, which libtorch reads in place, and copy the result out of
 * libtorch's memory once (see {@link #releaseThreadBuffers()}).
 *
 * <p><b>Threads.</b> A layer may be shared: any number of threads may run forward passes and read
 * parameters at once. Setting parameters and closing take an exclusive lock: a setter waits for
 * forward passes in flight, which finish with the old values, and every forward pass that starts
 * after a setter returns sees the new values. A forward pass never sees a half-written parameter;
 * to change weight and bias as one step, use {@link #setParameters(Tensor, Tensor)}. Backward
 * passes run concurrently like forward passes (they are built from forward-direction ops, see
 * {@code EngineBackward}). An input {@code NDArray} must not be used by another thread while a call
 * reads it. {@code ConcurrencyTest} holds this contract: 8 threads x 10,000 forwards are
 * bit-identical to one thread.
 */
public abstract sealed class ConvLayer implements AutoCloseable permits Conv1d, ConvTranspose1d {

  private final ConvSpec spec;
  private final DeviceSpec device;
  private final Device djlDevice;
  private final DataType dataType;
  private final NDManager manager;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Results from this size on are copied into a caller's direct buffer by libtorch. */
  private static final int NATIVE_COPY_BYTES = 1 << 20;

  /** The index of a whole array, for copying a result into a caller's array in place. */
  private static final NDIndex ALL = new NDIndex("...");

  /**
   * Each thread's scratch manager for the host-data forward pass, emptied after every call and
   * closed with the layer. Making and closing a sub-manager per call costs about 1.7 µs (a unique
   * name, two concurrent maps, a synchronised attach to this layer's manager), a sixth of a tiny
   * convolution; a kept one costs nothing and is never shared between threads.
   */
  private final ThreadLocal<NDManager> threadScratch = new ThreadLocal<>();

  private NDArray weight;
  private NDArray bias;
  private boolean closed;

  ConvLayer(ConvSpec spec, DeviceSpec device) {
    this.spec = spec;
    this.device = device;
    this.djlDevice = TorchEngine.get().device(device);
    this.dataType = TensorConversion.dataType(spec.dtype());
    this.manager = NDManager.newBaseManager(djlDevice, TorchEngine.ENGINE_NAME);
    try {
      resetParametersLocked();
    } catch (RuntimeException e) {
      manager.close();
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
  public final ConvSpec spec() {
    return spec;
  }

  /**
   * Returns the device the layer runs on.
   *
   * @return the device
   */
  public final DeviceSpec device() {
    return device;
  }

  // ---------------------------------------------------------------- forward

  /**
   * Runs the forward pass on a {@link Tensor}.
   *
   * @param input {@code (N, C_in, L)} or unbatched {@code (C_in, L)}, of the layer's dtype
   * @return the output, batched exactly when the input is
   * @throws InvalidArgumentException when the input's rank, channels, length or dtype do not fit
   * @throws IllegalStateException when the layer is closed
   */
  public Tensor forward(Tensor input) {
    return forwardTensor(input, spec.outputPadding());
  }

  final Tensor forwardTensor(Tensor input, int outputPadding) {
    spec.checkDType("input", input.dtype());
    int[] inputShape = input.shape();
    int[] outputShape = spec.outputShape(inputShape, outputPadding);
    Tensor[] output = {Tensor.zeros(spec.dtype(), outputShape)};
    forwardHost(
        inputShape,
        outputShape,
        outputPadding,
        input::writeTo,
        result -> output[0] = Tensor.read(result, spec.dtype(), outputShape));
    return output[0];
  }

  /**
   * Runs the forward pass on row-major float32 values, writing the result into {@code output}: the
   * fast path for data that lives in Java arrays. The input is copied once into a direct buffer the
   * calling thread reuses (see {@link #releaseThreadBuffers()}) and handed to libtorch without
   * another copy; the result is copied once, from libtorch's memory straight into {@code output}.
   * Nothing of the input's size is allocated on the Java heap.
   *
   * @param input {@code prod(inputShape)} values
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param output {@code prod(outputShape(inputShape))} values, overwritten
   * @throws InvalidArgumentException when the layer is not float32, or a shape or length does not
   *     fit
   * @throws IllegalStateException when the layer is closed
   */
  public void forward(float[] input, int[] inputShape, float[] output) {
    spec.checkDType("input", DType.FLOAT32);
    forwardHost(
        inputShape,
        HostArguments.checkArrays(spec, input.length, inputShape, output.length),
        spec.outputPadding(),
        staging -> staging.asFloatBuffer().put(input),
        result -> result.asFloatBuffer().get(output));
  }

  /**
   * Runs the forward pass on row-major float32 values and returns a new output array.
   *
   * @param input {@code prod(inputShape)} values
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @return the output, shaped as {@link #outputShape(int...)} says
   */
  public float[] forward(float[] input, int... inputShape) {
    float[] output = new float[Math.toIntExact(Tensor.numel(outputShape(inputShape)))];
    forward(input, inputShape, output);
    return output;
  }

  /**
   * Runs the forward pass on row-major float64 values; see {@link #forward(float[], int[],
   * float[])}.
   *
   * @param input {@code prod(inputShape)} values
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param output {@code prod(outputShape(inputShape))} values, overwritten
   * @throws InvalidArgumentException when the layer is not float64, or a shape or length does not
   *     fit
   */
  public void forward(double[] input, int[] inputShape, double[] output) {
    spec.checkDType("input", DType.FLOAT64);
    forwardHost(
        inputShape,
        HostArguments.checkArrays(spec, input.length, inputShape, output.length),
        spec.outputPadding(),
        staging -> staging.asDoubleBuffer().put(input),
        result -> result.asDoubleBuffer().get(output));
  }

  /**
   * Runs the forward pass from and into caller-owned native memory: the fast path for data that
   * already lives off the Java heap (memory-mapped files, network buffers, arrays of another native
   * library). libtorch reads {@code input} in place, without a copy; the result is copied once into
   * {@code output}, by libtorch, on its intra-op threads. Values are row-major in the layer's dtype
   * and the buffers' native byte order; each buffer is read from its position, which is left
   * unchanged, and must not be changed by another thread during the call.
   *
   * @param input a direct buffer holding {@code prod(inputShape)} values from its position
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param output a writable direct buffer with room for {@code prod(outputShape(inputShape))}
   *     values from its position, overwritten there
   * @throws InvalidArgumentException when a buffer is not direct, not in native order, too small or
   *     (output) read-only, or the shape does not fit
   * @throws IllegalStateException when the layer is closed
   */
  public void forward(ByteBuffer input, int[] inputShape, ByteBuffer output) {
    if (device.isCuda()) {
      throw new InvalidArgumentException(
          "input",
          "forward(ByteBuffer, int[], ByteBuffer) reads and writes host memory in place and needs"
              + " a CPU layer, but this layer is on "
              + device
              + "; use forward(NDArray) with an array on that device");
    }
    int[] outputShape = spec.outputShape(inputShape, spec.outputPadding());
    int width = spec.dtype().byteSize();
    ByteBuffer in =
        HostArguments.checkDirect("input", input, Tensor.numel(inputShape) * width, false);
    ByteBuffer out =
        HostArguments.checkDirect("output", output, Tensor.numel(outputShape) * width, true);
    forwardScratch(
        inputShape,
        outputShape,
        spec.outputPadding(),
        // from_blob: libtorch reads the caller's input in place.
        scratch -> scratch.create(in, TensorConversion.shape(inputShape), dataType),
        (scratch, y) -> {
          if (out.capacity() >= NATIVE_COPY_BYTES) {
            // Large results: libtorch copies into the caller's memory (from_blob) on its
            // intra-op threads, about twice as fast as one Java thread.
            scratch.create(out, TensorConversion.shape(outputShape), dataType).set(ALL, y);
          } else {
            // Small results: one Java copy from a view of libtorch's memory costs less than the
            // few native calls of DJL's indexed assignment.
            out.duplicate().put(y.toByteBuffer(true));
          }
        });
  }

  /**
   * Returns the output shape for an input shape, as the forward pass computes it.
   *
   * @param inputShape {@code (N, C_in, L)} or {@code (C_in, L)}
   * @return the output shape, batched exactly when the input is
   * @throws InvalidArgumentException when the input shape does not fit the layer
   */
  public int[] outputShape(int... inputShape) {
    return spec.outputShape(inputShape);
  }

  /**
   * Frees the calling thread's staging buffers now rather than when the thread ends. Each thread
   * that runs the array or {@link Tensor} forward pass keeps up to two direct buffers, each as
   * large as the largest tensor it carried (up to 256 MiB; larger tensors use a buffer of their own
   * for the call). Worth calling from long-lived threads after a one-off large call.
   */
  public static void releaseThreadBuffers() {
    HostStaging.releaseCurrentThread();
  }

  /** Returns the calling thread's scratch manager; call under the read lock, layer open. */
  private NDManager threadScratch() {
    NDManager scratch = threadScratch.get();
    if (scratch == null || !scratch.isOpen()) {
      scratch = manager.newSubManager();
      threadScratch.set(scratch);
    }
    return scratch;
  }

  /**
   * The host-data forward pass: {@code fill} writes the input into a staging buffer that libtorch
   * reads in place, and {@code drain} reads the result from a view of libtorch's memory. Both
   * buffers are valid only during the call.
   */
  private void forwardHost(
      int[] inputShape,
      int[] outputShape,
      int outputPadding,
      Consumer<ByteBuffer> fill,
      Consumer<ByteBuffer> drain) {
    ByteBuffer staging = HostStaging.acquire(Tensor.numel(inputShape) * spec.dtype().byteSize());
    try {
      forwardScratch(
          inputShape,
          outputShape,
          outputPadding,
          scratch -> {
            fill.accept(staging);
            // from_blob: the array reads the staging buffer until forwardScratch closes it.
            return scratch.create(staging, TensorConversion.shape(inputShape), dataType);
          },
          (scratch, y) -> drain.accept(y.toByteBuffer(true)));
    } finally {
      HostStaging.release(staging);
    }
  }

  /**
   * Runs the forward pass in the calling thread's scratch manager, under the read lock: {@code
   * input} makes the input array there, {@code drain} takes the result (not called for an empty
   * output), and every array of the call is closed before it returns.
   */
  private void forwardScratch(
      int[] inputShape,
      int[] outputShape,
      int outputPadding,
      Function<NDManager, NDArray> input,
      BiConsumer<NDManager, NDArray> drain) {
    long outputNumel = Tensor.numel(outputShape);
    Lock read = lock.readLock();
    read.lock();
    try {
      ensureOpen();
      NDManager scratch = threadScratch();
      try {
        NDArray x = input.apply(scratch);
        NDArray y =
            IntraOpThreads.run(macs(inputShape, outputShape), () -> compute(x, outputPadding));
        if (y.size() != outputNumel) {
          throw new IllegalStateException(
              "engine returned "
                  + y.getShape()
                  + " where "
                  + outputNumel
                  + " values were expected");
        }
        if (outputNumel > 0) {
          drain.accept(scratch, y);
        }
      } finally {
        for (NDArray array : scratch.getManagedArrays()) {
          array.close();
        }
      }
    } finally {
      read.unlock();
    }
  }

  /**
   * Runs the forward pass on a DJL array. The result is attached to the input's manager; the input
   * is left as it was.
   *
   * @param input {@code (N, C_in, L)} or {@code (C_in, L)}, of the layer's dtype and device
   * @return the output, owned by {@code input.getManager()}
   * @throws InvalidArgumentException when the input's shape, dtype or device do not fit
   * @throws IllegalStateException when the layer is closed
   */
  public NDArray forward(NDArray input) {
    return forwardArray(input, spec.outputPadding());
  }

  final NDArray forwardArray(NDArray input, int outputPadding) {
    checkArray("input", input);
    int[] inputShape = TensorConversion.intShape(input.getShape());
    int[] outputShape = spec.outputShape(inputShape, outputPadding);
    NDManager owner = input.getManager();
    return inScratch(
        scratch -> {
          NDArray y =
              IntraOpThreads.run(
                  macs(inputShape, outputShape), () -> compute(input, outputPadding));
          y.attach(owner);
          return y;
        },
        input);
  }

  /**
   * Counts the multiply-adds of a forward pass on {@code inputShape}, for the thread policy: every
   * output element of a Conv1d takes {@code C_in/groups * k}, every input element of a
   * ConvTranspose1d {@code C_out/groups * k}.
   */
  final long macs(int[] inputShape, int[] outputShape) {
    if (spec.transposed()) {
      return (long) spec.outChannels()
          / spec.groups()
          * spec.kernelSize()
          * Tensor.numel(inputShape);
    }
    return (long) spec.inChannels() / spec.groups() * spec.kernelSize() * Tensor.numel(outputShape);
  }

  /** Runs the layer on {@code x} (rank 2 or 3) under the read lock; results join x's manager. */
  private NDArray compute(NDArray x, int outputPadding) {
    boolean unbatched = x.getShape().dimension() == 2;
    NDArray x3 = unbatched ? x.expandDims(0) : x;
    NDArray y3 = run(x3, weight, bias, outputPadding);
    return unbatched ? y3.squeeze(0) : y3;
  }

  /**
   * Computes the gradients of a loss with respect to the input, the weight and the bias at the
   * layer's current parameters, given the loss's gradient with respect to the output, as PyTorch's
   * {@code output.backward(grad_output)} fills {@code .grad}. Unlike PyTorch nothing is
   * accumulated: each call returns fresh gradients and leaves the layer unchanged.
   *
   * @param input the forward input, {@code (N, C_in, L)} or {@code (C_in, L)}
   * @param gradOutput shaped like the forward output
   * @return grad_input, grad_weight and grad_bias ({@code null} when the layer has no bias)
   * @throws InvalidArgumentException when a shape or dtype does not fit
   */
  public Gradients backward(Tensor input, Tensor gradOutput) {
    int[] outputShape = spec.checkInput(input);
    spec.checkGradOutput(input.shape(), gradOutput);
    return inScratch(
        scratch -> {
          NDArray[] grads =
              IntraOpThreads.run(
                  2 * macs(input.shape(), outputShape),
                  () ->
                      EngineBackward.backward(
                          spec,
                          TensorConversion.toNDArray(scratch, input),
                          copyInto(scratch, weight),
                          bias,
                          TensorConversion.toNDArray(scratch, gradOutput)));
          return new Gradients(
              TensorConversion.toTensor(grads[0]),
              TensorConversion.toTensor(grads[1]),
              grads[2] == null ? null : TensorConversion.toTensor(grads[2]));
        });
  }

  /**
   * Computes the gradients on DJL arrays, as {@link #backward(Tensor, Tensor)} does on tensors,
   * without host copies. The results are attached to the input's manager; the arguments are left as
   * they were (no gradient is recorded on them).
   *
   * @param input the forward input, {@code (N, C_in, L)} or {@code (C_in, L)}, of the layer's dtype
   *     and device
   * @param gradOutput shaped like the forward output, of the layer's dtype and device
   * @return grad_input, grad_weight and, when the layer has a bias, grad_bias, owned by {@code
   *     input.getManager()}; closing the list frees them
   * @throws InvalidArgumentException when a shape, dtype or device does not fit
   * @throws IllegalStateException when the layer is closed
   */
  public NDList backward(NDArray input, NDArray gradOutput) {
    checkArray("input", input);
    checkArray("gradOutput", gradOutput);
    int[] inputShape = TensorConversion.intShape(input.getShape());
    int[] outputShape = spec.outputShape(inputShape);
    spec.checkGradOutput(
        inputShape,
        TensorConversion.dtype("gradOutput", gradOutput.getDataType()),
        TensorConversion.intShape(gradOutput.getShape()));
    NDManager owner = input.getManager();
    return inScratch(
        scratch -> {
          NDArray[] grads =
              IntraOpThreads.run(
                  2 * macs(inputShape, outputShape),
                  () ->
                      EngineBackward.backward(
                          spec, input, copyInto(scratch, weight), bias, gradOutput));
          NDList result = new NDList(3);
          for (NDArray grad : grads) {
            if (grad != null) {
              grad.attach(owner);
              result.add(grad);
            }
          }
          return result;
        },
        input,
        gradOutput);
  }

  /**
   * Runs {@code work} under the read lock in a fresh scratch manager, closed when it returns, with
   * the caller's {@code arguments} attached to it meanwhile: everything the engine makes from them
   * lands there, and only what {@code work} attaches elsewhere survives.
   */
  private <T> T inScratch(Function<NDManager, T> work, NDArray... arguments) {
    Lock read = lock.readLock();
    read.lock();
    try {
      ensureOpen();
      try (NDManager scratch = manager.newSubManager()) {
        for (NDArray argument : arguments) {
          argument.tempAttach(scratch);
        }
        return work.apply(scratch);
      }
    } finally {
      read.unlock();
    }
  }

  /** Checks an array argument's dtype and device against the layer's. */
  private void checkArray(String argument, NDArray array) {
    spec.checkDType(argument, TensorConversion.dtype(argument, array.getDataType()));
    if (!array.getDevice().equals(djlDevice)) {
      throw new InvalidArgumentException(
          argument,
          argument
              + " is on device "
              + array.getDevice()
              + " but the layer is on "
              + djlDevice
              + "; move it with "
              + argument
              + ".toDevice(...)");
    }
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

  // ---------------------------------------------------------------- parameters

  /**
   * Returns a copy of the weight, shaped as {@link ConvSpec#weightShape()}.
   *
   * @return the weight
   */
  public Tensor weight() {
    return read(() -> TensorConversion.toTensor(weight));
  }

  /**
   * Returns a copy of the bias, or {@code null} when the layer has none.
   *
   * @return the bias {@code (C_out)} or {@code null}
   */
  public Tensor bias() {
    return read(() -> bias == null ? null : TensorConversion.toTensor(bias));
  }

  /**
   * Replaces the whole weight.
   *
   * @param value shaped as {@link ConvSpec#weightShape()}, of the layer's dtype
   * @throws InvalidArgumentException naming the expected and the actual shape or dtype
   */
  public void setWeight(Tensor value) {
    spec.checkWeight(value);
    write(() -> replaceWeight(value));
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
   * both old or both new values (two separate setters would let it see new weight with old bias).
   *
   * @param weight shaped as {@link ConvSpec#weightShape()}, of the layer's dtype
   * @param bias shape {@code (C_out)}, or {@code null} exactly when the layer has no bias
   * @throws InvalidArgumentException when a shape or dtype differs, or bias presence does not match
   */
  public void setParameters(Tensor weight, Tensor bias) {
    spec.checkWeight(weight);
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
          replaceWeight(weight);
          if (bias != null) {
            replaceBias(bias);
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
    spec.checkBias(value);
    write(() -> replaceBias(value));
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
    editWeight(values -> Arrays.fill(values, index * block, (index + 1) * block, value));
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
    editWeight(values -> values[(i * shape[1] + j) * shape[2] + k] = value);
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
    write(
        () -> {
          double[] values = TensorConversion.toTensor(bias).toDoubleArray();
          values[index] = value;
          replaceBias(Tensor.of(spec.dtype(), spec.biasShape(), values));
        });
  }

  /**
   * Edits the weight on the host and writes it back whole: parameters are small, and this keeps the
   * native side free of the scalar temporaries DJL's in-place index assignment leaves behind.
   */
  private void editWeight(java.util.function.Consumer<double[]> edit) {
    write(
        () -> {
          double[] values = TensorConversion.toTensor(weight).toDoubleArray();
          edit.accept(values);
          replaceWeight(Tensor.of(spec.dtype(), spec.weightShape(), values));
        });
  }

  private void replaceWeight(Tensor value) {
    NDArray replacement = TensorConversion.toNDArray(manager, value);
    weight.close();
    weight = replacement;
    parametersChanged(weight);
  }

  private void replaceBias(Tensor value) {
    NDArray replacement = TensorConversion.toNDArray(manager, value);
    bias.close();
    bias = replacement;
  }

  /**
   * Re-draws weight and bias as PyTorch's {@code reset_parameters} does, from libtorch's global
   * generator in its current state (the arithmetic: {@link PyTorchInit}).
   */
  public void resetParameters() {
    write(this::resetParametersLocked);
  }

  /**
   * Seeds libtorch's global generator with {@code seed} (as {@code torch.manual_seed}) and then
   * re-draws the parameters, so that the result equals {@code torch.manual_seed(seed)} followed by
   * constructing the PyTorch module.
   *
   * @param seed the seed
   */
  public void resetParameters(long seed) {
    write(() -> adopt(PyTorchInit.drawSeeded(seed, spec, manager, dataType, djlDevice)));
  }

  private void resetParametersLocked() {
    adopt(PyTorchInit.draw(spec, manager, dataType, djlDevice));
  }

  /** Replaces both parameters with freshly drawn ones; call under the write lock. */
  private void adopt(PyTorchInit.Drawn drawn) {
    if (weight != null) {
      weight.close();
    }
    if (bias != null) {
      bias.close();
    }
    weight = drawn.weight();
    bias = drawn.bias();
    parametersChanged(weight);
  }

  /**
   * Called under the write lock whenever the weight changes, so that a subclass can rebuild state
   * derived from it.
   *
   * @param newWeight the weight now in force
   */
  void parametersChanged(NDArray newWeight) {}

  /** Copies a parameter natively into {@code scratch}, leaving the layer's manager untouched. */
  private static NDArray copyInto(NDManager scratch, NDArray parameter) {
    // duplicate() is tensor.clone(): a new leaf. toDevice(sameDevice, true) is NOT a copy on this
    // engine (torch's to() returns the same tensor), and autograd would then mark and accumulate
    // .grad on the layer's own parameter.
    NDArray copy = parameter.duplicate();
    copy.attach(scratch);
    return copy;
  }

  /**
   * Computes an array from a parameter without leaving intermediates in the layer's manager: the
   * work happens in a scratch manager and only the result joins the layer's manager.
   *
   * @param source a parameter owned by this layer
   * @param derivation the computation
   * @return the result, owned by the layer
   */
  final NDArray derive(NDArray source, java.util.function.UnaryOperator<NDArray> derivation) {
    try (NDManager scratch = manager.newSubManager()) {
      source.tempAttach(scratch);
      NDArray result = derivation.apply(source);
      result.attach(manager);
      return result;
    }
  }

  // ---------------------------------------------------------------- state dict

  /**
   * Returns the layer's parameters as PyTorch's {@code state_dict()} names them: {@code weight}
   * and, with a bias, {@code bias}.
   *
   * @return name to a copy of the parameter, in that order
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", weight());
    if (spec.bias()) {
      state.put("bias", bias());
    }
    return state;
  }

  /**
   * Loads parameters strictly, as {@code module.load_state_dict(state)}.
   *
   * @param state name to tensor
   * @throws StateDictException on a missing or unexpected key, a shape or a dtype mismatch
   */
  public void loadStateDict(Map<String, Tensor> state) {
    loadStateDict(state, "", true);
  }

  /**
   * Loads parameters from a state dict, taking the keys under {@code prefix} (for instance {@code
   * "encoder.conv1."} to load one layer from a whole model's state dict).
   *
   * @param state name to tensor
   * @param prefix prepended to {@code weight} and {@code bias}; {@code ""} for none
   * @param strict refuse missing and unexpected keys under the prefix and dtype mismatches (true),
   *     or ignore them and convert dtypes (false); a shape mismatch is refused either way
   * @throws StateDictException naming the key, what was expected and what was found
   */
  public void loadStateDict(Map<String, Tensor> state, String prefix, boolean strict) {
    install(
        StateDictLoader.match(
            spec,
            getClass().getSimpleName(),
            StateDictLoader.entries(state),
            prefix,
            strict,
            null));
  }

  /**
   * Loads parameters strictly from a {@code .npz} or {@code .safetensors} file.
   *
   * @param file the file, for instance written by {@code np.savez} from a PyTorch state dict
   * @throws StateDictException when the file is unreadable, malformed or does not fit
   */
  public void loadStateDict(Path file) {
    loadStateDict(file, "", true);
  }

  /**
   * Loads parameters from a {@code .npz} or {@code .safetensors} file; see {@link
   * #loadStateDict(Map, String, boolean)} for {@code prefix} and {@code strict}.
   *
   * @param file the file
   * @param prefix key prefix, {@code ""} for none
   * @param strict strict or lenient matching
   * @throws StateDictException when the file is unreadable, malformed or does not fit
   */
  public void loadStateDict(Path file, String prefix, boolean strict) {
    Map<String, StateDictFile.Entry> entries;
    try (NDManager scratch = newScratch()) {
      entries = StateDictFile.read(scratch, file);
    }
    install(StateDictLoader.match(spec, getClass().getSimpleName(), entries, prefix, strict, file));
  }

  /**
   * Saves the parameters to a {@code .npz} or {@code .safetensors} file (by extension), as {@code
   * weight} and {@code bias}.
   *
   * @param file the destination, replaced if present
   */
  public void saveStateDict(Path file) {
    saveStateDict(file, "");
  }

  /**
   * Saves the parameters under {@code prefix + "weight"} and {@code prefix + "bias"}.
   *
   * @param file the destination ({@code .npz} or {@code .safetensors}), replaced if present
   * @param prefix key prefix, {@code ""} for none
   */
  public void saveStateDict(Path file, String prefix) {
    Map<String, Tensor> named = new LinkedHashMap<>();
    stateDict().forEach((key, value) -> named.put(prefix + key, value));
    try (NDManager scratch = newScratch()) {
      StateDictFile.write(scratch, file, named);
    }
  }

  private NDManager newScratch() {
    Lock read = lock.readLock();
    read.lock();
    try {
      ensureOpen();
      return manager.newSubManager();
    } finally {
      read.unlock();
    }
  }

  private void install(StateDictLoader.Loaded loaded) {
    write(
        () -> {
          replaceWeight(loaded.weight());
          if (loaded.bias() != null) {
            replaceBias(loaded.bias());
          }
        });
  }

  // ---------------------------------------------------------------- life cycle

  /** Frees the layer's native memory. Further calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (!closed) {
        closed = true;
        manager.close();
      }
    } finally {
      write.unlock();
    }
  }

  /**
   * Returns PyTorch's repr of the module, e.g. {@code Conv1d(2, 1, kernel_size=(2,), stride=(1,))}.
   */
  @Override
  public String toString() {
    return spec.toString();
  }

  // ---------------------------------------------------------------- helpers

  final NDManager manager() {
    return manager;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(spec + " is closed");
    }
  }

  private InvalidArgumentException noBias() {
    return new InvalidArgumentException(
        "bias", "bias cannot be set: " + spec + " was built with bias=false");
  }

  private <T> T read(java.util.function.Supplier<T> body) {
    Lock read = lock.readLock();
    read.lock();
    try {
      ensureOpen();
      return body.get();
    } finally {
      read.unlock();
    }
  }

  private void write(Runnable body) {
    Lock write = lock.writeLock();
    write.lock();
    try {
      ensureOpen();
      body.run();
    } finally {
      write.unlock();
    }
  }
}
