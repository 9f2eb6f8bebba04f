package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Reprs;
import org.torchparity.spec.Tensor;

/**
 * The JVM counterpart of {@code torch.nn.Module}, the base of every layer and container: named
 * parameters and buffers in registration order, named children, state dicts over the whole tree
 * with PyTorch's keys and error wording, training and evaluation modes, PyTorch's repr, and the
 * native memory of the tree.
 *
 * <p>A layer implements only its arguments, {@link #compute(NDArray)} (and {@link
 * #computeBackward(NDArray, NDArray)} where it has a backward pass) and its initialisation. The
 * entry points for host data ({@link Tensor}, {@code float[]}, {@code double[]}, direct {@link
 * ByteBuffer}) are written once, here, for every module.
 *
 * <p><b>Ownership.</b> Each module owns one {@link NDManager} holding its parameters and buffers;
 * every intermediate array of a call lives in a scratch manager closed before the call returns.
 * {@link #close()} frees the whole tree. Arrays a caller receives from {@link #forward(NDArray)}
 * and {@link #backward(NDArray, NDArray)} belong to the caller's input manager.
 *
 * <p><b>Threads.</b> A module may be shared: any number of threads may run forward and backward
 * passes and read parameters at once. Setting parameters, loading a state dict and closing take an
 * exclusive lock: a setter waits for calls in flight, which finish with the old values, and every
 * call that starts after a setter returns sees the new values. A call never sees a half-written
 * parameter. Locks are taken parent before child, so a tree-wide write cannot deadlock a call.
 */
public abstract non-sealed class Module extends ModuleCore {

  /**
   * Starts a module on a device; the layer registers its parameters, buffers and children next.
   *
   * @param spec the module's validated description
   * @param device {@code cpu} or {@code cuda:N}
   * @throws org.torchparity.engine.EngineUnavailableException when the device is unavailable
   */
  protected Module(ModuleSpec spec, DeviceSpec device) {
    super(spec, device);
  }

  // ---------------------------------------------------------------- the tree

  /**
   * Returns the direct children by name, as {@code named_children()}.
   *
   * @return an unmodifiable view
   */
  public final Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(childMap());
  }

  /**
   * Returns every module of the tree by qualified name, this one first under {@code ""}, in
   * pre-order, as {@code named_modules()}.
   *
   * @return name to module
   */
  public final Map<String, Module> namedModules() {
    Map<String, Module> out = new LinkedHashMap<>();
    visit(
        "",
        (prefix, module) ->
            out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), module));
    return out;
  }

  /**
   * Calls {@code fn} on every module of the tree, children first and this module last, as {@code
   * apply(fn)}.
   *
   * @param fn the function
   * @return this module
   */
  public final Module apply(Consumer<Module> fn) {
    for (Module child : childMap().values()) {
      child.apply(fn);
    }
    fn.accept(this);
    return this;
  }

  // ---------------------------------------------------------------- modes

  /**
   * Sets training mode on the whole tree, as {@code train(mode)}.
   *
   * @param mode {@code true} for training, {@code false} for evaluation
   * @return this module
   */
  public Module train(boolean mode) {
    apply(m -> m.setTraining(mode));
    return this;
  }

  /**
   * Sets training mode on the whole tree, as {@code train()}.
   *
   * @return this module
   */
  public Module train() {
    return train(true);
  }

  /**
   * Sets evaluation mode on the whole tree, as {@code eval()}.
   *
   * @return this module
   */
  public Module eval() {
    return train(false);
  }

  // ---------------------------------------------------------------- forward and backward

  /**
   * The module's forward pass on the engine. Called with the read lock held and the input checked
   * against {@link #outputShape}; every array it makes from {@code input} lands in {@code input}'s
   * manager, a scratch manager the caller closes.
   *
   * @param input the input, of the module's dtype and device
   * @return the output
   */
  protected abstract NDArray compute(NDArray input);

  /**
   * The module's backward pass on the engine, as {@code output.backward(gradOutput)} would fill
   * {@code .grad}. Called like {@link #compute}. The default is libtorch's autograd of {@link
   * #compute}; a layer overrides it only for a faster or more exact route.
   *
   * @param input the forward input
   * @param gradOutput the gradient with respect to the output, shaped like the output
   * @return grad_input and, by key, the gradient of each own and descendant parameter
   */
  protected ArrayGradients computeBackward(NDArray input, NDArray gradOutput) {
    return Autograd.backward(this, input, gradOutput);
  }

  /**
   * The module's outputs in call order, for modules returning a tuple ({@code
   * MaxPool1d(return_indices=True)}); the default is {@link #compute}'s one output. The first
   * output is always {@link #compute}'s, the one {@code backward} differentiates.
   *
   * @param input the input
   * @return the outputs, of {@link ModuleSpec#outputDTypes()}
   */
  protected NDList computeAll(NDArray input) {
    return new NDList(compute(input));
  }

  /**
   * The work of one forward pass in multiply-adds, for the engine's thread policy (small calls run
   * on the calling thread). The default counts one per output element for a layer. A module with
   * children and a forward of its own counts as large, since its children's work cannot be told
   * from its input and output shapes: a residual network ending in a 5-class Linear has 160 output
   * values and hundreds of millions of multiply-adds, and would otherwise run all of them on one
   * thread.
   *
   * @param inputShape the input's dimensions
   * @param outputShape the output's dimensions
   * @return the estimate
   */
  protected long workEstimate(int[] inputShape, int[] outputShape) {
    if (!childMap().isEmpty()) {
      return org.torchparity.engine.IntraOpThreads.SMALL_CALL_MACS;
    }
    return Tensor.numel(outputShape);
  }

  /**
   * Runs {@link #compute} with this module's read lock held: the way a container calls a child.
   *
   * @param input the input
   * @return the output
   */
  protected final NDArray call(NDArray input) {
    return read(() -> compute(input));
  }

  /**
   * Runs {@link #computeBackward} with this module's read lock held: the way a container calls a
   * child's backward.
   *
   * @param input the forward input
   * @param gradOutput the output's gradient
   * @return the gradients
   */
  protected final ArrayGradients callBackward(NDArray input, NDArray gradOutput) {
    return read(() -> computeBackward(input, gradOutput));
  }

  /**
   * Runs the forward pass on a DJL array. The result is attached to the input's manager; the input
   * is left as it was.
   *
   * @param input of the module's dtype and device
   * @return the output, owned by {@code input.getManager()}
   * @throws InvalidArgumentException when the input's shape, dtype or device do not fit
   * @throws IllegalStateException when the module is closed
   */
  public NDArray forward(NDArray input) {
    return HostCalls.forwardArray(this, input, this::compute);
  }

  /**
   * Runs the forward pass on a {@link Tensor}.
   *
   * @param input of the module's dtype
   * @return the output
   * @throws InvalidArgumentException when the input does not fit
   */
  public Tensor forward(Tensor input) {
    return HostCalls.forwardTensor(
        this, input, outputShape(checkNotNull(input).shape()), this::compute);
  }

  /**
   * Runs the forward pass and returns every output, as PyTorch returns a tuple: {@code [values,
   * indices]} for {@code MaxPool1d(return_indices=True)}, one output for most modules.
   *
   * @param input of {@link ModuleSpec#inputDType()}
   * @return the outputs, in call order
   */
  public List<Tensor> forwardAll(Tensor input) {
    return HostCalls.forwardAll(this, checkNotNull(input));
  }

  /**
   * Runs the forward pass on row-major float32 values, writing the result into {@code output}: the
   * fast path for data in Java arrays (one copy in, one copy out, nothing of the input's size on
   * the Java heap).
   *
   * @param input {@code prod(inputShape)} values
   * @param inputShape the input's dimensions
   * @param output {@code prod(outputShape(inputShape))} values, overwritten
   * @throws InvalidArgumentException when the module is not float32 or a length does not fit
   */
  public void forward(float[] input, int[] inputShape, float[] output) {
    HostCalls.forwardFloats(this, input, inputShape, output);
  }

  /**
   * Runs the forward pass on row-major float32 values.
   *
   * @param input {@code prod(inputShape)} values
   * @param inputShape the input's dimensions
   * @return the output values, shaped as {@link #outputShape(int...)}
   */
  public float[] forward(float[] input, int... inputShape) {
    float[] output = new float[Math.toIntExact(Tensor.numel(outputShape(inputShape)))];
    forward(input, inputShape, output);
    return output;
  }

  /**
   * Runs the forward pass on row-major float64 values, writing the result into {@code output}.
   *
   * @param input {@code prod(inputShape)} values
   * @param inputShape the input's dimensions
   * @param output {@code prod(outputShape(inputShape))} values, overwritten
   * @throws InvalidArgumentException when the module is not float64 or a length does not fit
   */
  public void forward(double[] input, int[] inputShape, double[] output) {
    HostCalls.forwardDoubles(this, input, inputShape, output);
  }

  /**
   * Runs the forward pass on direct buffers in native byte order, holding the module's dtype from
   * their positions: libtorch reads the input in place and the result is copied once into {@code
   * output}. Positions and limits are left unchanged.
   *
   * @param input a direct buffer with {@code prod(inputShape)} elements remaining
   * @param inputShape the input's dimensions
   * @param output a writable direct buffer with room for the output's elements
   * @throws InvalidArgumentException naming the buffer that is heap, read-only, too small or in the
   *     wrong byte order
   */
  public void forward(ByteBuffer input, int[] inputShape, ByteBuffer output) {
    HostCalls.forwardBuffers(this, input, inputShape, output);
  }

  /**
   * Computes the gradients of a loss with respect to the input and every parameter, given the
   * loss's gradient with respect to the output, as {@code output.backward(grad_output)} fills
   * {@code .grad}. Nothing accumulates: each call returns fresh gradients and leaves the module as
   * it was.
   *
   * @param input the forward input
   * @param gradOutput shaped like the forward output
   * @return {@code gradInput()} and {@code grad(key)} for every parameter
   * @throws InvalidArgumentException when a shape or dtype does not fit
   * @throws UnsupportedOperationException when the module has no backward pass
   */
  public Gradients backward(Tensor input, Tensor gradOutput) {
    return HostCalls.backwardTensor(this, checkNotNull(input), checkNotNull(gradOutput));
  }

  /**
   * Computes the gradients on DJL arrays without host copies. The results are attached to the
   * input's manager; the arguments are left as they were.
   *
   * @param input the forward input, of the module's dtype and device
   * @param gradOutput shaped like the output
   * @return grad_input first, then each parameter's gradient in state-dict order; each array is
   *     named ({@code NDArray.getName()}) {@code input} or by its parameter's key
   * @throws InvalidArgumentException when a shape, dtype or device does not fit
   */
  public NDList backward(NDArray input, NDArray gradOutput) {
    return HostCalls.backwardArray(this, input, gradOutput);
  }

  // ---------------------------------------------------------------- parameters

  /**
   * Returns a copy of one parameter or buffer of the tree by its state-dict key.
   *
   * @param key such as {@code weight} or {@code 0.bias}
   * @return the tensor
   * @throws InvalidArgumentException when there is no such key
   */
  public final Tensor get(String key) {
    int dot = HostCalls.notNull("key", key).lastIndexOf('.');
    Module owner = namedModules().get(dot < 0 ? "" : key.substring(0, dot));
    String name = key.substring(dot + 1);
    Tensor value =
        owner == null
            ? null
            : owner.read(
                () -> {
                  NDArray array = owner.array(name);
                  return array == null ? null : TensorConversion.toTensor(array);
                });
    if (value == null) {
      Map<String, Tensor> state = stateDict();
      throw new InvalidArgumentException(
          "key",
          spec().typeName()
              + " has no parameter or buffer '"
              + key
              + "'; it has "
              + state.keySet());
    }
    return value;
  }

  /**
   * Replaces one parameter or buffer by its state-dict key, as {@code
   * module.get_parameter(key).copy_(value)} under {@code no_grad}.
   *
   * @param key such as {@code weight} or {@code 0.bias}
   * @param value of the same shape and dtype
   * @throws InvalidArgumentException naming the key, the expected and the actual shape or dtype
   */
  public final void set(String key, Tensor value) {
    Map<String, Tensor> one = new LinkedHashMap<>();
    one.put(key, checkNotNull(value));
    StateDicts.install(this, StateDicts.matchSubset(this, one), null);
  }

  /**
   * Called under the write lock after a parameter or buffer was replaced, so that a layer can
   * rebuild state derived from it.
   *
   * @param name the own key that changed
   */
  protected void stateChanged(String name) {}

  /**
   * Runs {@code build} right after {@code torch.manual_seed(seed)}, holding libtorch's global
   * generator so that no other thread draws in between: a tree built inside draws its parameters in
   * construction order, exactly as PyTorch builds it after seeding.
   *
   * @param seed the seed
   * @param build what constructs the modules
   * @param <M> the result's type
   * @return what {@code build} returns
   */
  public static <M> M manualSeed(long seed, Supplier<M> build) {
    return PyTorchInit.seeded(seed, build);
  }

  // ---------------------------------------------------------------- state dict

  /**
   * Returns copies of every parameter and buffer of the tree with PyTorch's keys and in PyTorch's
   * order (each module's parameters, then its buffers, then its children's), as {@code
   * state_dict()}.
   *
   * @return key to tensor
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    visit(
        "",
        (prefix, m) ->
            m.read(
                () -> {
                  m.copyEntries(m.ownParameters(), prefix, out);
                  return m.copyEntries(m.ownBuffers(), prefix, out);
                }));
    return out;
  }

  /**
   * Loads a state dict strictly, as {@code load_state_dict(state)}.
   *
   * @param state key to tensor
   * @throws org.torchparity.io.StateDictException with PyTorch's wording for missing and unexpected
   *     keys and size mismatches
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    loadStateDict(state, "", true);
  }

  /**
   * Loads the keys of a state dict under {@code prefix} (for instance {@code "encoder."} to take
   * one submodule out of a bigger model's state dict), as {@code load_state_dict(state, strict)}.
   * Either every tensor is installed or none is.
   *
   * @param state key to tensor
   * @param prefix prepended to this tree's keys; {@code ""} for none
   * @param strict refuse missing and unexpected keys and dtype mismatches ({@code true}), or ignore
   *     them and convert dtypes ({@code false}); a size mismatch is refused either way
   * @throws org.torchparity.io.StateDictException naming the keys, the expected and the found
   */
  public final void loadStateDict(Map<String, Tensor> state, String prefix, boolean strict) {
    StateDicts.load(this, state, prefix, strict, null);
  }

  /**
   * Loads a state dict strictly from a {@code .pt}/{@code .pth}, {@code .npz} or {@code
   * .safetensors} file.
   *
   * @param file the file
   * @throws org.torchparity.io.StateDictException when the file is unreadable, malformed or does
   *     not fit
   */
  public final void loadStateDict(Path file) {
    loadStateDict(file, "", true);
  }

  /**
   * Loads a state dict from a file; see {@link #loadStateDict(Map, String, boolean)}.
   *
   * @param file the file
   * @param prefix key prefix, {@code ""} for none
   * @param strict strict or lenient matching
   */
  public final void loadStateDict(Path file, String prefix, boolean strict) {
    StateDicts.loadFile(this, file, prefix, strict);
  }

  /**
   * Saves the state dict to a {@code .pt}/{@code .pth}, {@code .npz} or {@code .safetensors} file
   * (by extension).
   *
   * @param file the destination, replaced if present
   */
  public final void saveStateDict(Path file) {
    saveStateDict(file, "");
  }

  /**
   * Saves the state dict with every key prefixed.
   *
   * @param file the destination, replaced if present
   * @param prefix key prefix, {@code ""} for none
   */
  public final void saveStateDict(Path file, String prefix) {
    StateDicts.write(file, prefix, stateDict());
  }

  /** Returns PyTorch's repr of the tree, exactly as {@code print(module)} shows it. */
  @Override
  public String toString() {
    List<String[]> lines = new ArrayList<>();
    childMap().forEach((name, child) -> lines.add(new String[] {name, child.toString()}));
    return Reprs.repr(spec().typeName(), spec().extraRepr(), lines);
  }
}
