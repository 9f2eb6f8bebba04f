package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.torchparity.engine.OneDnnGuard;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Runs a module tree on parameter arrays that someone else owns: the hook through which a DJL
 * {@code Block} ({@code org.torchparity.djl.TorchParityBlock}) hands the arrays of DJL's {@code
 * ParameterStore} to the module for one call, so that DJL's autograd, optimizers and parameter
 * files work on them. The module's own arrays are left as they are; nothing here imports the
 * wrapping library.
 */
public final class ExternalArrays {
  private ExternalArrays() {}

  /**
   * Returns the tree's live parameter and buffer arrays by state-dict key, in state-dict order
   * (each module's parameters, then its buffers, in pre-order). The arrays are the module's own:
   * read them, never close them; a state-dict load replaces them with new objects, so a caller can
   * tell a load happened by comparing identities.
   *
   * @param root the tree
   * @return the arrays by key ({@code None} parameters left out)
   */
  public static Map<String, NDArray> arrays(Module root) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    root.visit(
        "",
        (prefix, m) ->
            m.read(
                () -> {
                  m.ownParameters().forEach((k, v) -> putPresent(out, prefix + k, v));
                  m.ownBuffers().forEach((k, v) -> putPresent(out, prefix + k, v));
                  return null;
                }));
    return out;
  }

  /**
   * Returns the keys of {@link #arrays} that are parameters (trained), as opposed to buffers.
   *
   * @param root the tree
   * @return the parameter keys, in state-dict order
   */
  public static Set<String> parameterKeys(Module root) {
    Set<String> out = new LinkedHashSet<>();
    root.visit(
        "",
        (prefix, m) ->
            m.read(
                () -> {
                  m.ownParameters()
                      .forEach(
                          (k, v) -> {
                            if (v != null) {
                              out.add(prefix + k);
                            }
                          });
                  return null;
                }));
    return out;
  }

  private static void putPresent(Map<String, NDArray> out, String key, NDArray value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  /**
   * Runs the tree's forward pass on this thread with {@code replacements} standing in for the
   * tree's arrays of the same keys: the computation (and libtorch's autograd graph, when grad mode
   * is on) uses the given arrays, and in-place updates (BatchNorm's running statistics) land in
   * them. The result is attached to the input's manager.
   *
   * @param root the tree
   * @param replacements arrays by state-dict key; keys not given use the module's own arrays
   * @param input of the module's dtype and device
   * @return the output
   * @throws org.torchparity.spec.InvalidArgumentException when the input does not fit
   */
  public static NDArray forward(Module root, Map<String, NDArray> replacements, NDArray input) {
    HostCalls.checkArray(root, "input", input);
    root.outputShape(TensorConversion.intShape(input.getShape()));
    List<Module> substituted = new ArrayList<>();
    try {
      root.visit(
          "",
          (prefix, m) -> {
            Map<String, NDArray> copies = new HashMap<>();
            replacements.forEach(
                (key, array) -> {
                  if (key.startsWith(prefix) && key.indexOf('.', prefix.length()) < 0) {
                    copies.put(key.substring(prefix.length()), array);
                  }
                });
            m.substitute(copies);
            substituted.add(m);
          });
      NDArray y = root.call(input);
      y.attach(input.getManager());
      return y;
    } finally {
      substituted.forEach(m -> m.substitute(null));
    }
  }

  /**
   * Copies {@code source}'s values into {@code target} in place (libtorch's {@code copy_} under
   * {@code no_grad}), keeping {@code target}'s identity, device and autograd flag: how a new weight
   * reaches an array that DJL's parameter store and optimizers hold.
   *
   * @param target the array to overwrite
   * @param source of the same shape
   * @throws InvalidArgumentException when the shapes differ
   */
  public static void copyInto(NDArray target, NDArray source) {
    if (!target.getShape().equals(source.getShape())) {
      throw new InvalidArgumentException(
          "source",
          "shape " + source.getShape() + " does not match the target's " + target.getShape());
    }
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      NDArray moved = source.toDevice(target.getDevice(), true).toType(target.getDataType(), true);
      try {
        target.set(new NDIndex("..."), moved);
      } finally {
        moved.close();
      }
    } finally {
      JniUtils.setGradMode(wasEnabled);
    }
  }

  /**
   * Copies an array into a {@link Tensor}.
   *
   * @param array float32, float64 or int64
   * @return the copy
   */
  public static Tensor toTensor(NDArray array) {
    return TensorConversion.toTensor(array);
  }

  /**
   * Runs a backward pass (such as DJL's {@code GradientCollector.backward}) with libtorch's oneDNN
   * convolutions off, as the module's own backward does: libtorch 2.7.1's oneDNN convolution
   * backward is wrong on some CPUs (see {@code CpuBackends}).
   *
   * @param work the backward pass
   */
  public static void backward(Runnable work) {
    OneDnnGuard.backward(
        (Supplier<Void>)
            () -> {
              work.run();
              return null;
            });
  }
}
