package org.torchparity.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.torchparity.nn.ExternalArrays;
import org.torchparity.nn.Module;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * A torch-parity {@link Module} tree as a DJL {@link ai.djl.nn.Block}: it goes into DJL's {@code
 * SequentialBlock} and {@code ParallelBlock} and works through {@code Model}, {@code Predictor} and
 * {@code Trainer}, keeping PyTorch's numbers (padding modes, {@code 'same'}, BatchNorm's momentum
 * and train/eval behaviour).
 *
 * <p><b>Parameters.</b> Every parameter and buffer of the tree is one DJL {@link Parameter} named
 * by its PyTorch {@code state_dict} key ({@code weight}, {@code 1.running_mean}); buffers do not
 * require gradients. {@link #initialize} fills each parameter with a copy of the module's current
 * array before DJL's initializer could run, and DJL skips the initializer of a parameter that
 * already holds an array: PyTorch's initialisation (or loaded weights) is kept, whatever
 * initializer the training config names.
 *
 * <p><b>Which array is used.</b> Once initialised, the DJL parameters are the truth: each forward
 * pass runs the module with the arrays DJL's {@link ParameterStore} gives for the call's device (so
 * gradients reach them under a {@link GradientCollector}, optimizers update them, and {@code
 * Model.save}/{@code Model.load} write and read them). No weight goes stale: {@link #loadStateDict}
 * and {@link #set} write into the DJL arrays in place, and a forward pass first copies in any array
 * that was replaced on the wrapped module itself ({@code module.set(...)}, {@code
 * module.loadStateDict(...)}) since the last call. DJL's own rule holds for a {@code
 * ParameterStore} that copies parameters to other devices: call its {@code updateAllParameters} or
 * build a new store after writing, as for any DJL block. Trained values go back into the module
 * with {@link #syncToModule()}.
 *
 * <p><b>Mode.</b> A forward pass sets the wrapped tree's train/eval mode to DJL's {@code training}
 * flag, so one block serves either a {@code Trainer} or {@code Predictor}s at a time, not both at
 * once.
 *
 * <p><b>Backward.</b> Run {@code collector.backward(loss)} through {@link #backward} so that
 * libtorch's oneDNN convolutions are off during the backward pass, as the module's own backward
 * does.
 */
public final class TorchParityBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Module module;
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, NDArray> lastSeen = new LinkedHashMap<>();

  /**
   * Wraps a module tree; the block does not own the module (close it after the model).
   *
   * @param module the tree, such as {@code Sequential.of(...)} or a layer
   */
  public TorchParityBlock(Module module) {
    super(VERSION);
    this.module = Objects.requireNonNull(module, "module");
    Set<String> trained = ExternalArrays.parameterKeys(module);
    ExternalArrays.arrays(module)
        .forEach(
            (key, array) -> {
              boolean isParameter = trained.contains(key);
              Parameter p =
                  Parameter.builder()
                      .setName(key)
                      .setType(type(key, isParameter))
                      .optRequiresGrad(isParameter)
                      .optShape(array.getShape())
                      .build();
              parameters.put(key, addParameter(p));
              lastSeen.put(key, array);
            });
  }

  private static Parameter.Type type(String key, boolean isParameter) {
    String name = key.substring(key.lastIndexOf('.') + 1);
    if (!isParameter) {
      return name.equals("running_mean")
          ? Parameter.Type.RUNNING_MEAN
          : name.equals("running_var") ? Parameter.Type.RUNNING_VAR : Parameter.Type.OTHER;
    }
    return name.equals("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
  }

  /**
   * Returns the wrapped module.
   *
   * @return the module
   */
  public Module module() {
    return module;
  }

  /**
   * Returns the DJL parameter holding a state-dict entry.
   *
   * @param key such as {@code 0.weight}
   * @return the parameter
   * @throws InvalidArgumentException when there is no such key
   */
  public Parameter parameter(String key) {
    Parameter p = parameters.get(key);
    if (p == null) {
      throw new InvalidArgumentException(
          "key",
          "the block has no parameter or buffer '" + key + "'; it has " + parameters.keySet());
    }
    return p;
  }

  /**
   * Fills every parameter that holds no array yet with a copy of the module's array (on the
   * module's device and dtype: {@code dataType} is not applied), then lets DJL finish, which skips
   * the initializer of filled parameters.
   *
   * @param manager the manager that will own the parameter arrays (the model's)
   * @param dataType ignored for the arrays, which keep the module's dtype
   * @param inputShapes the input shape
   */
  @Override
  public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
    Map<String, NDArray> live = ExternalArrays.arrays(module);
    parameters.forEach(
        (key, p) -> {
          if (!p.isInitialized()) {
            NDArray copy = live.get(key).duplicate();
            copy.attach(manager);
            p.setShape(null);
            p.setArray(copy);
            lastSeen.put(key, live.get(key));
          }
        });
    super.initialize(manager, dataType, inputShapes);
  }

  /** {@inheritDoc} */
  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore,
      NDList inputs,
      boolean training,
      PairList<String, Object> params) {
    if (inputs.size() != 1) {
      throw new InvalidArgumentException(
          "inputs", "a torch-parity block takes one input, got " + inputs.size());
    }
    NDArray x = inputs.singletonOrThrow();
    copyReplacedModuleArrays();
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    parameters.forEach(
        (key, p) -> arrays.put(key, parameterStore.getValue(p, x.getDevice(), training)));
    if (module.isTraining() != training) {
      module.train(training);
    }
    return new NDList(ExternalArrays.forward(module, arrays, x));
  }

  /** Copies into the DJL arrays every module array replaced since the last look. */
  private synchronized void copyReplacedModuleArrays() {
    Map<String, NDArray> live = ExternalArrays.arrays(module);
    live.forEach(
        (key, array) -> {
          Parameter p = parameters.get(key);
          if (lastSeen.get(key) != array && p != null && p.isInitialized()) {
            ExternalArrays.copyInto(p.getArray(), array);
          }
          lastSeen.put(key, array);
        });
  }

  /** {@inheritDoc} */
  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    if (inputShapes.length != 1) {
      throw new InvalidArgumentException(
          "inputShapes", "a torch-parity block takes one input, got " + inputShapes.length);
    }
    long[] dims = inputShapes[0].getShape();
    int[] in = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      in[i] = Math.toIntExact(dims[i]);
    }
    int[] out = module.outputShape(in);
    long[] outDims = new long[out.length];
    for (int i = 0; i < out.length; i++) {
      outDims[i] = out[i];
    }
    return new Shape[] {new Shape(outDims)};
  }

  /**
   * Loads a PyTorch state dict (strict, PyTorch's keys) into the module and, once the block is
   * initialised, into the DJL parameters in place, so the next prediction sees it.
   *
   * @param state the tensors by key
   * @throws InvalidArgumentException or {@code StateDictException} as {@link
   *     Module#loadStateDict(Map)} does, leaving everything as it was
   */
  public void loadStateDict(Map<String, Tensor> state) {
    module.loadStateDict(state);
    copyReplacedModuleArrays();
  }

  /**
   * Loads a {@code .safetensors}, {@code .npz} or {@code .pt} state dict file; see {@link
   * #loadStateDict(Map)}.
   *
   * @param file the file
   */
  public void loadStateDict(Path file) {
    module.loadStateDict(file);
    copyReplacedModuleArrays();
  }

  /**
   * Replaces one entry by key, in the module and in the DJL parameter.
   *
   * @param key such as {@code 0.weight}
   * @param value of the same shape and dtype
   */
  public void set(String key, Tensor value) {
    parameter(key);
    module.set(key, value);
    copyReplacedModuleArrays();
  }

  /**
   * Returns the block's current state dict, read from the DJL parameters (what the next forward
   * pass uses), by PyTorch's keys.
   *
   * @return copies of the arrays
   */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    parameters.forEach(
        (key, p) ->
            out.put(
                key, p.isInitialized() ? ExternalArrays.toTensor(p.getArray()) : module.get(key)));
    return out;
  }

  /**
   * Writes the DJL parameters (trained, or read by {@code Model.load}) into the wrapped module, so
   * that the module used on its own computes what the block computes.
   */
  public void syncToModule() {
    module.loadStateDict(stateDict());
    synchronized (this) {
      lastSeen.putAll(ExternalArrays.arrays(module));
    }
  }

  /**
   * Runs {@code collector.backward(loss)} with libtorch's oneDNN convolutions off, as the module's
   * own backward pass does (libtorch 2.7.1's oneDNN convolution backward is wrong on some CPUs).
   *
   * @param collector DJL's gradient collector
   * @param loss the scalar loss
   */
  public static void backward(GradientCollector collector, NDArray loss) {
    ExternalArrays.backward(() -> collector.backward(loss));
  }

  /** {@inheritDoc} */
  @Override
  public String toString() {
    return "TorchParityBlock(" + module + ")";
  }
}
