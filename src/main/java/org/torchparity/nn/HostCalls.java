package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.torchparity.engine.Engines;
import org.torchparity.engine.IntraOpThreads;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * The entry points every {@link Module} shares, written once: DJL arrays, {@link Tensor}s, Java
 * arrays and direct buffers in; the module's {@code compute} on the engine under its read lock; the
 * result out. Host data is copied into a direct buffer the calling thread keeps for its next call
 * ({@link HostStaging}), which libtorch reads in place, and the result is copied out of libtorch's
 * memory once.
 */
final class HostCalls {
  /** Results from this size on are copied into a caller's direct buffer by libtorch. */
  private static final int NATIVE_COPY_BYTES = 1 << 20;

  /** The index of a whole array, for copying a result into a caller's array in place. */
  private static final NDIndex ALL = new NDIndex("...");

  private HostCalls() {}

  static NDArray forwardArray(Module m, NDArray input, UnaryOperator<NDArray> compute) {
    checkArray(m, "input", input);
    int[] inputShape = TensorConversion.intShape(input.getShape());
    int[] outputShape = m.outputShape(inputShape);
    NDManager owner = input.getManager();
    return inScratch(
        m,
        "forward",
        scratch -> {
          NDArray y =
              IntraOpThreads.run(
                  m.workEstimate(inputShape, outputShape), () -> compute.apply(input));
          y.attach(owner);
          return y;
        },
        input);
  }

  static Tensor forwardTensor(
      Module m, Tensor input, int[] outputShape, UnaryOperator<NDArray> compute) {
    checkDType(m, "input", input.dtype());
    int[] inputShape = input.shape();
    Tensor[] output = new Tensor[1];
    if (input.dtype() != m.dtype()) {
      // Indices (Embedding): the staging buffer carries the module's dtype, so copy the input.
      forwardScratch(
          m,
          inputShape,
          outputShape,
          compute,
          scratch -> TensorConversion.toNDArray(scratch, input),
          (scratch, y) -> output[0] = TensorConversion.toTensor(y));
      return output[0] != null ? output[0] : Tensor.zeros(m.dtype(), outputShape);
    }
    forwardHost(
        m,
        inputShape,
        outputShape,
        compute,
        input::writeTo,
        result -> output[0] = Tensor.read(result, m.dtype(), outputShape));
    // An empty output is never drained.
    return output[0] != null ? output[0] : Tensor.zeros(m.dtype(), outputShape);
  }

  static java.util.List<Tensor> forwardAll(Module m, Tensor input) {
    checkDType(m, "input", input.dtype());
    int[] outputShape = m.outputShape(input.shape());
    return inScratch(
        m,
        "forward",
        scratch -> {
          NDList outputs =
              IntraOpThreads.run(
                  m.workEstimate(input.shape(), outputShape),
                  () -> m.computeAll(TensorConversion.toNDArray(scratch, input)));
          java.util.List<Tensor> result = new java.util.ArrayList<>(outputs.size());
          for (NDArray output : outputs) {
            result.add(TensorConversion.toTensor(output));
          }
          return result;
        });
  }

  static void forwardFloats(Module m, float[] input, int[] inputShape, float[] output) {
    checkDType(m, "input", DType.FLOAT32);
    forwardHost(
        m,
        inputShape,
        checkLengths(
            m, notNull("input", input).length, inputShape, notNull("output", output).length),
        m::compute,
        staging -> staging.asFloatBuffer().put(input),
        result -> result.asFloatBuffer().get(output));
  }

  static void forwardDoubles(Module m, double[] input, int[] inputShape, double[] output) {
    checkDType(m, "input", DType.FLOAT64);
    forwardHost(
        m,
        inputShape,
        checkLengths(
            m, notNull("input", input).length, inputShape, notNull("output", output).length),
        m::compute,
        staging -> staging.asDoubleBuffer().put(input),
        result -> result.asDoubleBuffer().get(output));
  }

  static void forwardBuffers(Module m, ByteBuffer input, int[] inputShape, ByteBuffer output) {
    if (m.device().isCuda()) {
      throw new InvalidArgumentException(
          "input",
          "forward(ByteBuffer, int[], ByteBuffer) reads and writes host memory in place and needs"
              + " a CPU module, but this module is on "
              + m.device()
              + "; use forward(NDArray) with an array on that device");
    }
    // Host buffers carry the module's dtype both ways; index-taking modules refuse them here.
    checkDType(m, "input", m.dtype());
    int[] outputShape = m.outputShape(notNull("inputShape", inputShape));
    int width = m.dtype().byteSize();
    ByteBuffer in =
        HostArguments.checkDirect("input", input, Tensor.numel(inputShape) * width, false);
    ByteBuffer out =
        HostArguments.checkDirect("output", output, Tensor.numel(outputShape) * width, true);
    forwardScratch(
        m,
        inputShape,
        outputShape,
        m::compute,
        // from_blob: libtorch reads the caller's input in place.
        scratch -> scratch.create(in, TensorConversion.shape(inputShape), m.dataType()),
        (scratch, y) -> {
          if (out.capacity() >= NATIVE_COPY_BYTES) {
            // Large results: libtorch copies into the caller's memory (from_blob) on its
            // intra-op threads, about twice as fast as one Java thread.
            scratch.create(out, TensorConversion.shape(outputShape), m.dataType()).set(ALL, y);
          } else {
            // Small results: one Java copy from a view of libtorch's memory costs less than the
            // few native calls of DJL's indexed assignment.
            out.duplicate().put(y.toByteBuffer(true));
          }
        });
  }

  static Gradients backwardTensor(Module m, Tensor input, Tensor gradOutput) {
    checkDType(m, "input", input.dtype());
    int[] outputShape = m.outputShape(input.shape());
    checkGradOutput(m, input.shape(), gradOutput.dtype(), gradOutput.shape());
    return inScratch(
        m,
        "backward",
        scratch -> {
          ArrayGradients grads =
              IntraOpThreads.run(
                  2 * m.workEstimate(input.shape(), outputShape),
                  () ->
                      ModuleCore.gradientPass(
                          () ->
                              m.computeBackward(
                                  TensorConversion.toNDArray(scratch, input),
                                  TensorConversion.toNDArray(scratch, gradOutput))));
          Map<String, Tensor> params = new LinkedHashMap<>();
          grads.params().forEach((key, g) -> params.put(key, TensorConversion.toTensor(g)));
          // An index input (Embedding) has no gradient: grad_input is null, as input.grad is None.
          return new Gradients(
              grads.input() == null ? null : TensorConversion.toTensor(grads.input()), params);
        });
  }

  static NDList backwardArray(Module m, NDArray input, NDArray gradOutput) {
    checkArray(m, "input", input);
    checkArray(m, "gradOutput", gradOutput);
    int[] inputShape = TensorConversion.intShape(input.getShape());
    int[] outputShape = m.outputShape(inputShape);
    checkGradOutput(
        m,
        inputShape,
        TensorConversion.dtype("gradOutput", gradOutput.getDataType()),
        TensorConversion.intShape(gradOutput.getShape()));
    NDManager owner = input.getManager();
    return inScratch(
        m,
        "backward",
        scratch -> {
          ArrayGradients grads =
              IntraOpThreads.run(
                  2 * m.workEstimate(inputShape, outputShape),
                  () -> ModuleCore.gradientPass(() -> m.computeBackward(input, gradOutput)));
          NDList result = new NDList(1 + grads.params().size());
          if (grads.input() != null) {
            result.add(named(grads.input(), "input", owner));
          }
          grads.params().forEach((key, g) -> result.add(named(g, key, owner)));
          return result;
        },
        input,
        gradOutput);
  }

  private static NDArray named(NDArray array, String name, NDManager owner) {
    array.setName(name);
    array.attach(owner);
    return array;
  }

  /**
   * The host-data forward pass: {@code fill} writes the input into a staging buffer that libtorch
   * reads in place, and {@code drain} reads the result from a view of libtorch's memory.
   */
  private static void forwardHost(
      Module m,
      int[] inputShape,
      int[] outputShape,
      UnaryOperator<NDArray> compute,
      Consumer<ByteBuffer> fill,
      Consumer<ByteBuffer> drain) {
    ByteBuffer staging = HostStaging.acquire(Tensor.numel(inputShape) * m.dtype().byteSize());
    try {
      forwardScratch(
          m,
          inputShape,
          outputShape,
          compute,
          scratch -> {
            fill.accept(staging);
            // from_blob: the array reads the staging buffer until forwardScratch closes it, or,
            // for a small input, for as long as the thread keeps calling with this shape.
            Shape shape = TensorConversion.shape(inputShape);
            NDArray kept = m.keptHostInput(staging, shape);
            return kept != null ? kept : scratch.create(staging, shape, m.dataType());
          },
          (scratch, y) -> drain.accept(y.toByteBuffer(true)));
    } finally {
      HostStaging.release(staging);
    }
  }

  /**
   * Runs the forward pass in the calling thread's kept scratch manager, under the read lock: {@code
   * input} makes the input array there, {@code drain} takes the result (not called for an empty
   * output), and every array of the call is closed before it returns.
   */
  private static void forwardScratch(
      Module m,
      int[] inputShape,
      int[] outputShape,
      UnaryOperator<NDArray> compute,
      Function<NDManager, NDArray> input,
      BiConsumer<NDManager, NDArray> drain) {
    long outputNumel = Tensor.numel(outputShape);
    Engines.call(
        m.spec().typeName() + ".forward",
        () ->
            m.read(
                () -> {
                  NDManager scratch = m.threadScratch();
                  try {
                    NDArray x = input.apply(scratch);
                    NDArray y =
                        IntraOpThreads.run(
                            m.workEstimate(inputShape, outputShape), () -> compute.apply(x));
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
                    NDArray kept = m.keptHostInput();
                    for (NDArray array : scratch.getManagedArrays()) {
                      if (array != kept) {
                        array.close();
                      }
                    }
                  }
                  return null;
                }));
  }

  /**
   * Runs {@code work} under the read lock in a fresh scratch manager, closed when it returns, with
   * the caller's {@code arguments} attached to it meanwhile: everything the engine makes from them
   * lands there, and only what {@code work} attaches elsewhere survives.
   */
  static <T> T inScratch(
      Module m, String operation, Function<NDManager, T> work, NDArray... arguments) {
    return Engines.call(
        m.spec().typeName() + "." + operation, () -> inScratchLocked(m, work, arguments));
  }

  private static <T> T inScratchLocked(
      Module m, Function<NDManager, T> work, NDArray... arguments) {
    return m.read(
        () -> {
          try (NDManager scratch = m.manager().newSubManager()) {
            for (NDArray argument : arguments) {
              argument.tempAttach(scratch);
            }
            return work.apply(scratch);
          }
        });
  }

  /** Checks an array argument's dtype and device against the module's. */
  static void checkArray(Module m, String argument, NDArray array) {
    notNull(argument, array);
    checkDType(m, argument, TensorConversion.anyDtype(argument, array.getDataType()));
    if (!array.getDevice().equals(m.djlDevice())) {
      throw new InvalidArgumentException(
          argument,
          argument
              + " is on device "
              + array.getDevice()
              + " but the module is on "
              + m.djlDevice()
              + "; move it with "
              + argument
              + ".toDevice(...)");
    }
  }

  static void checkDType(Module m, String argument, DType actual) {
    if ("input".equals(argument)) {
      m.spec().checkInputDType(actual);
    } else {
      m.spec().checkDType(argument, actual);
    }
  }

  private static void checkGradOutput(Module m, int[] inputShape, DType dtype, int[] shape) {
    m.spec().checkGradOutput(inputShape, dtype, shape);
  }

  private static int[] checkLengths(Module m, int inputLength, int[] inputShape, int outputLength) {
    int[] outputShape = m.outputShape(notNull("inputShape", inputShape));
    HostArguments.checkLength("input", inputLength, inputShape);
    HostArguments.checkLength("output", outputLength, outputShape);
    return outputShape;
  }

  static <T> T notNull(String argument, T value) {
    if (value == null) {
      throw new InvalidArgumentException(argument, argument + " must not be null");
    }
    return value;
  }
}
