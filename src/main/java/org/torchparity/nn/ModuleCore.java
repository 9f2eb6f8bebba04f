package org.torchparity.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * What every {@link Module} holds, as PyTorch's {@code Module.__init__} sets it up: the
 * description, the device and the native manager, the registries of parameters, buffers and
 * children, the mode, and the read/write lock with its tree-wide form. Package-private: users see
 * these members through {@link Module}, which adds the calls, the parameter access and the state
 * dicts.
 */
abstract sealed class ModuleCore implements AutoCloseable permits Module {
  private final ModuleSpec spec;
  private final DeviceSpec device;
  private final Device djlDevice;
  private final DataType dataType;
  private final NDManager manager;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, NDArray> parameters = new LinkedHashMap<>();
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private final ThreadLocal<NDManager> threadScratch = new ThreadLocal<>();
  private final ThreadLocal<Map<String, NDArray>> substitutes = new ThreadLocal<>();
  private static final ThreadLocal<Boolean> GRADIENT_PASS = new ThreadLocal<>();
  private volatile boolean training = true;
  private boolean closed;

  /**
   * Starts a module on a device; the layer registers its parameters, buffers and children next.
   *
   * @param spec the module's validated description
   * @param device {@code cpu} or {@code cuda:N}
   * @throws org.torchparity.engine.EngineUnavailableException when the device is unavailable
   */
  ModuleCore(ModuleSpec spec, DeviceSpec device) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.device = Objects.requireNonNull(device, "device");
    this.djlDevice = TorchEngine.get().device(device);
    this.dataType = TensorConversion.dataType(spec.dtype());
    this.manager = NDManager.newBaseManager(djlDevice, TorchEngine.ENGINE_NAME);
  }

  // ---------------------------------------------------------------- description

  /**
   * Returns the module's description: PyTorch's class name and constructor arguments.
   *
   * @return the spec
   */
  public ModuleSpec spec() {
    return spec;
  }

  /**
   * Returns the device the module runs on.
   *
   * @return the device
   */
  public final DeviceSpec device() {
    return device;
  }

  /**
   * Returns the dtype of the module's parameters, inputs and outputs.
   *
   * @return float32 or float64
   */
  public final DType dtype() {
    return spec.dtype();
  }

  /**
   * Computes the output shape for an input shape, refusing inputs PyTorch refuses.
   *
   * @param inputShape the input's dimensions
   * @return the output's dimensions
   * @throws InvalidArgumentException naming what does not fit
   */
  public int[] outputShape(int... inputShape) {
    return spec.outputShape(inputShape);
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers a parameter, as {@code register_parameter}; {@code null} registers PyTorch's {@code
   * None} (no entry in the state dict). Call from the constructor or under the write lock.
   *
   * @param name the key, without dots
   * @param value an array the module's manager owns, or {@code null}
   */
  protected final void registerParameter(String name, NDArray value) {
    replaceIn(parameters, name, value);
  }

  /**
   * Registers a buffer (a tensor in the state dict that is not trained, such as {@code
   * running_mean}), as {@code register_buffer}.
   *
   * @param name the key, without dots
   * @param value an array the module's manager owns, or {@code null}
   */
  protected final void registerBuffer(String name, NDArray value) {
    replaceIn(buffers, name, value);
  }

  /**
   * Registers a child, as {@code add_module}; the child is closed with this module.
   *
   * @param name the key, without dots
   * @param child the child
   * @param <M> the child's type
   * @return the child
   */
  protected final <M extends Module> M registerModule(String name, M child) {
    checkName(name);
    children.put(name, Objects.requireNonNull(child, "child"));
    return child;
  }

  private void replaceIn(Map<String, NDArray> registry, String name, NDArray value) {
    checkName(name);
    NDArray old = registry.put(name, value);
    if (old != null && old != value) {
      old.close();
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new InvalidArgumentException(
          "name", "module name can't be empty or contain \".\", got: \"" + name + "\"");
    }
  }

  /**
   * Returns one of this module's own parameters or buffers as a native array, for {@code compute};
   * valid while the read lock is held (during a call).
   *
   * @param name the key
   * @return the array, or {@code null} for a {@code None} parameter
   */
  protected final NDArray array(String name) {
    Map<String, NDArray> copies = substitutes.get();
    if (copies != null && copies.containsKey(name)) {
      return copies.get(name);
    }
    return parameters.containsKey(name) ? parameters.get(name) : buffers.get(name);
  }

  /**
   * Tells whether the current call is a backward pass re-running the forward: a training-mode
   * module must then leave its buffers (running statistics) as they are, since only a forward call
   * updates them, as in PyTorch.
   *
   * @return {@code true} inside {@code backward}
   */
  protected static boolean inGradientPass() {
    return Boolean.TRUE.equals(GRADIENT_PASS.get());
  }

  /** Runs {@code body} as a backward pass on this thread (see {@link #inGradientPass()}). */
  static <T> T gradientPass(Supplier<T> body) {
    Boolean outer = GRADIENT_PASS.get();
    GRADIENT_PASS.set(Boolean.TRUE);
    try {
      return body.get();
    } finally {
      GRADIENT_PASS.set(outer);
    }
  }

  /** Makes {@link #array} return {@code copies} on this thread, or stops when {@code null}. */
  final void substitute(Map<String, NDArray> copies) {
    if (copies == null) {
      substitutes.remove();
    } else {
      substitutes.set(copies);
    }
  }

  /**
   * Returns the manager owning this module's parameters and buffers.
   *
   * @return the manager
   */
  protected final NDManager manager() {
    return manager;
  }

  /**
   * Returns DJL's data type of the module's dtype.
   *
   * @return the data type
   */
  protected final DataType dataType() {
    return dataType;
  }

  /**
   * Returns DJL's device of the module.
   *
   * @return the device
   */
  protected final Device djlDevice() {
    return djlDevice;
  }

  /** Calls {@code visitor} on this module and its descendants in pre-order with their prefixes. */
  final void visit(String prefix, java.util.function.BiConsumer<String, Module> visitor) {
    visitor.accept(prefix, (Module) this);
    for (Map.Entry<String, Module> child : children.entrySet()) {
      child.getValue().visit(prefix + child.getKey() + ".", visitor);
    }
  }

  Void copyEntries(Map<String, NDArray> from, String prefix, Map<String, Tensor> into) {
    from.forEach(
        (name, array) -> {
          if (array != null) {
            into.put(prefix + name, TensorConversion.toTensor(array));
          }
        });
    return null;
  }

  /** This module's own parameters, for the state-dict machinery; read under the lock. */
  final Map<String, NDArray> ownParameters() {
    return parameters;
  }

  /** This module's own buffers, for the state-dict machinery; read under the lock. */
  final Map<String, NDArray> ownBuffers() {
    return buffers;
  }

  /** Sets this module's own mode; {@link Module#train(boolean)} applies it to the tree. */
  final void setTraining(boolean mode) {
    training = mode;
  }

  /**
   * Tells whether the module is in training mode, as the {@code training} attribute. New modules
   * train, as PyTorch's do.
   *
   * @return the mode
   */
  public final boolean isTraining() {
    return training;
  }

  /**
   * Returns copies of every parameter of the tree by qualified key, as {@code named_parameters()}.
   *
   * @return key to parameter, in state-dict order
   */
  public final Map<String, Tensor> namedParameters() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    visit("", (prefix, m) -> m.read(() -> m.copyEntries(m.ownParameters(), prefix, out)));
    return out;
  }

  /**
   * Returns copies of every parameter of the tree, as {@code list(parameters())}.
   *
   * @return the parameters in state-dict order
   */
  public final List<Tensor> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /**
   * Returns copies of every buffer of the tree by qualified key, as {@code named_buffers()}.
   *
   * @return key to buffer
   */
  public final Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    visit("", (prefix, m) -> m.read(() -> m.copyEntries(m.ownBuffers(), prefix, out)));
    return out;
  }

  // ---------------------------------------------------------------- life cycle

  /**
   * Frees the native memory of the whole tree. Further calls throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    Lock write = lock.writeLock();
    write.lock();
    try {
      if (!closed) {
        closed = true;
        for (Module child : children.values()) {
          child.close();
        }
        manager.close();
      }
    } finally {
      write.unlock();
    }
  }

  // ---------------------------------------------------------------- locking

  /**
   * Runs {@code body} under the read lock, the module open.
   *
   * @param body the work
   * @param <T> its result
   * @return the result
   */
  final <T> T read(Supplier<T> body) {
    Lock read = lock.readLock();
    read.lock();
    try {
      ensureOpen();
      return body.get();
    } finally {
      read.unlock();
    }
  }

  /** Runs {@code body} under the write lock, the module open. */
  final void write(Runnable body) {
    Lock write = lock.writeLock();
    write.lock();
    try {
      ensureOpen();
      body.run();
    } finally {
      write.unlock();
    }
  }

  /** Locks the whole tree for writing, parent before child, runs {@code body}, unlocks. */
  final void writeTree(Runnable body) {
    List<ModuleCore> order = new ArrayList<>();
    visit("", (prefix, m) -> order.add(m));
    List<Lock> held = new ArrayList<>();
    try {
      for (ModuleCore m : order) {
        Lock w = m.lock.writeLock();
        w.lock();
        held.add(w);
        m.ensureOpen();
      }
      body.run();
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
    }
  }

  /** Returns the calling thread's scratch manager for host calls; call under the read lock. */
  final NDManager threadScratch() {
    NDManager scratch = threadScratch.get();
    if (scratch == null || !scratch.isOpen()) {
      scratch = manager.newSubManager();
      threadScratch.set(scratch);
    }
    return scratch;
  }

  /**
   * Returns the calling thread's kept input array reading {@code staging} with {@code shape}, in
   * its scratch manager (call under the read lock): made with {@code from_blob} once and reused
   * while the thread's calls bring the same staging buffer and shape, since {@code from_blob} costs
   * about 5 µs through DJL, as much as a tiny convolution. The staging buffer is refilled before
   * each call; the array is closed with the scratch manager or when the shape changes. Only arrays
   * over staging buffers up to {@link #KEPT_INPUT_BYTES} are kept, so that no large buffer stays
   * referenced after the thread's staging has moved on.
   *
   * @return the array, or {@code null} when the input is too large to keep
   */
  final NDArray keptHostInput(ByteBuffer staging, Shape shape) {
    if (staging.capacity() > KEPT_INPUT_BYTES) {
      return null;
    }
    KeptInput kept = keptInput.get();
    if (kept != null
        && kept.buffer() == staging
        && kept.shape().equals(shape)
        && !kept.array().isReleased()) {
      return kept.array();
    }
    if (kept != null) {
      kept.array().close();
    }
    NDArray array = threadScratch().create(staging, shape, dataType);
    keptInput.set(new KeptInput(staging, shape, array));
    return array;
  }

  /** The calling thread's kept input array, or {@code null}. */
  final NDArray keptHostInput() {
    KeptInput kept = keptInput.get();
    return kept == null ? null : kept.array();
  }

  /** Host inputs up to this size keep their input array between calls. */
  static final int KEPT_INPUT_BYTES = 64 << 10;

  private record KeptInput(ByteBuffer buffer, Shape shape, NDArray array) {}

  private final ThreadLocal<KeptInput> keptInput = new ThreadLocal<>();

  final void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(spec.repr() + " is closed");
    }
  }

  static <T> T checkNotNull(T value) {
    if (value == null) {
      throw new InvalidArgumentException("input", "input must not be null");
    }
    return value;
  }

  /** The children by name, in registration order; read under the lock. */
  final Map<String, Module> childMap() {
    return children;
  }
}
