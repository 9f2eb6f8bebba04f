package org.torchparity.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.engine.OneDnnGuard;

/**
 * The default backward pass of every module: libtorch's autograd of the module's own {@code
 * compute}, as PyTorch's {@code output.backward(grad_output)} runs it. The input and every
 * parameter of the tree are replaced, for this thread and this call only, by copies that require
 * gradients ({@link ModuleCore#array} returns the copy), so the module's own arrays never carry
 * autograd state and concurrent forward passes see nothing. oneDNN is off while the backward pass
 * runs (libtorch 2.7.1's oneDNN convolution backward is wrong on this project's machine; see {@code
 * EngineBackward}), so a custom forward that calls convolutions gets correct gradients too.
 */
final class Autograd {
  private Autograd() {}

  /**
   * Computes grad_input and every parameter's gradient of {@code m}'s tree.
   *
   * @param m the module, its read lock held
   * @param input the forward input, in the call's scratch manager
   * @param gradOutput the output's gradient
   * @return grad_input ({@code null} for an index input) and, by key, each parameter that took part
   */
  static ArrayGradients backward(Module m, NDArray input, NDArray gradOutput) {
    NDManager scratch = input.getManager();
    Map<String, NDArray> leaves = new LinkedHashMap<>();
    List<Module> substituted = new ArrayList<>();
    boolean wasEnabled = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try {
      m.visit(
          "",
          (prefix, module) -> {
            Map<String, NDArray> copies = new HashMap<>();
            module
                .ownParameters()
                .forEach(
                    (name, parameter) -> {
                      if (parameter != null) {
                        NDArray leaf = parameter.duplicate();
                        leaf.attach(scratch);
                        leaf.setRequiresGradient(true);
                        copies.put(name, leaf);
                        leaves.put(prefix + name, leaf);
                      }
                    });
            module.substitute(copies);
            substituted.add(module);
          });
      NDArray x = input;
      if (input.getDataType().isFloating()) {
        x = input.duplicate();
        x.attach(scratch);
        x.setRequiresGradient(true);
      }
      NDArray y = m.compute(x);
      OneDnnGuard.backward(
          () -> {
            JniUtils.backward((PtNDArray) y, (PtNDArray) gradOutput, false, false);
            return null;
          });
      Map<String, NDArray> grads = new LinkedHashMap<>();
      leaves.forEach(
          (key, leaf) -> {
            NDArray g = JniUtils.getGradient((PtNDArray) leaf);
            // A parameter the output does not depend on keeps .grad None, as in PyTorch.
            if (g != null) {
              g.attach(scratch);
              grads.put(key, g);
            }
          });
      NDArray gradInput = x == input ? null : gradientOrZeros(x);
      return new ArrayGradients(gradInput, grads);
    } finally {
      substituted.forEach(module -> module.substitute(null));
      JniUtils.setGradMode(wasEnabled);
    }
  }

  /** The leaf's gradient; an output that ignores its input gives zeros, as PyTorch's grad does. */
  private static NDArray gradientOrZeros(NDArray leaf) {
    NDArray g = JniUtils.getGradient((PtNDArray) leaf);
    if (g == null) {
      return leaf.zerosLike();
    }
    g.attach(leaf.getManager());
    return g;
  }
}
