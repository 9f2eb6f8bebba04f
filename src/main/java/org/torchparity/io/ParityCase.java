package org.torchparity.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * One parity case, of {@code torch-parity-case/2} or {@code /1}: a module (a layer or a tree), its
 * state, its inputs and what PyTorch produced for them. Format-1 files are read into the same form
 * ({@code weight}/{@code bias} under {@link #state()}, {@code grad_weight}/{@code grad_bias} under
 * {@link #grads()} as {@code weight}/{@code bias}, {@code seed} as {@link #initSeed()}). Absent
 * tensors are {@code null}; absent maps and lists are empty. Tensors given in a file beside the
 * case ({@code {"file": ..., "key": ...}}) are already resolved.
 *
 * @param file the file it was read from, as the user named it
 * @param formatVersion 1 or 2
 * @param name the case's name
 * @param source free text (may be {@code null})
 * @param torchVersion the PyTorch that produced it (may be {@code null})
 * @param module PyTorch's class name, as written (the project may not implement it)
 * @param args the constructor keywords, as written (an empty object when absent)
 * @param children a container's children as written ({@code name}, {@code module}, {@code args},
 *     {@code children}), in order; empty for a leaf
 * @param dtype the case's floating dtype
 * @param training the module's mode ({@code true} when absent)
 * @param state parameters and buffers before the call, by state-dict key, in file order
 * @param stateAfter buffers after the call, by key (may be empty)
 * @param inputs the inputs in call order ({@code input} is a one-element list)
 * @param outputs PyTorch's outputs in order ({@code output} is a one-element list)
 * @param gradOutputs what was passed to backward
 * @param gradInputs PyTorch's input gradients
 * @param grads PyTorch's parameter gradients by key
 * @param initSeed for an initialisation case, the seed; else {@code null}
 * @param forwardSeed the seed set just before the forward call, or {@code null}
 * @param error when PyTorch refused the case, its exception type and message; else {@code null}
 * @param stage where PyTorch refused ({@code construct}, {@code load_state_dict}, {@code forward}),
 *     or {@code null} for any stage
 * @param path for a recorded call, the module's qualified name in the model, else {@code null}
 * @param call for a recorded call, its position in execution order, else {@code null}
 * @param model for a recorded call, the recording's name, else {@code null}
 */
public record ParityCase(
    String file,
    int formatVersion,
    String name,
    String source,
    String torchVersion,
    String module,
    JsonNode args,
    List<JsonNode> children,
    DType dtype,
    boolean training,
    Map<String, Tensor> state,
    Map<String, Tensor> stateAfter,
    List<Tensor> inputs,
    List<Tensor> outputs,
    List<Tensor> gradOutputs,
    List<Tensor> gradInputs,
    Map<String, Tensor> grads,
    Long initSeed,
    Long forwardSeed,
    String error,
    String stage,
    String path,
    Integer call,
    String model) {

  /**
   * Parses a Conv1d or ConvTranspose1d case's arguments: a convenience for code that handles only
   * convolutions (other modules go through the parity tools' layer registry).
   *
   * @return the spec
   * @throws org.torchparity.spec.InvalidArgumentException when the module is not a convolution or
   *     PyTorch would refuse its arguments
   */
  public ConvSpec convSpec() {
    return ConvArgs.toSpec(ConvSpec.Kind.parse(module), args, dtype);
  }

  /**
   * Returns the first input, or {@code null}.
   *
   * @return the input
   */
  public Tensor input() {
    return inputs.isEmpty() ? null : inputs.get(0);
  }

  /**
   * Returns the first output, or {@code null}.
   *
   * @return PyTorch's output
   */
  public Tensor output() {
    return outputs.isEmpty() ? null : outputs.get(0);
  }

  /**
   * Returns the first output gradient given to backward, or {@code null}.
   *
   * @return grad_output
   */
  public Tensor gradOutput() {
    return gradOutputs.isEmpty() ? null : gradOutputs.get(0);
  }

  /**
   * Returns PyTorch's first input gradient, or {@code null}.
   *
   * @return grad_input
   */
  public Tensor gradInput() {
    return gradInputs.isEmpty() ? null : gradInputs.get(0);
  }

  /**
   * Returns {@code state["weight"]}, or {@code null}: a convenience for single layers.
   *
   * @return the weight
   */
  public Tensor weight() {
    return state.get("weight");
  }

  /**
   * Returns {@code state["bias"]}, or {@code null}.
   *
   * @return the bias
   */
  public Tensor bias() {
    return state.get("bias");
  }

  /**
   * Returns {@code grads["weight"]}, or {@code null}.
   *
   * @return grad_weight
   */
  public Tensor gradWeight() {
    return grads.get("weight");
  }

  /**
   * Returns {@code grads["bias"]}, or {@code null}.
   *
   * @return grad_bias
   */
  public Tensor gradBias() {
    return grads.get("bias");
  }

  /**
   * Tells whether PyTorch refused this case.
   *
   * @return {@code true} when {@link #error()} is set
   */
  public boolean isErrorCase() {
    return error != null;
  }

  /**
   * Tells whether this is an initialisation case.
   *
   * @return {@code true} when {@link #initSeed()} is set
   */
  public boolean isSeedCase() {
    return initSeed != null;
  }

  /**
   * Tells whether the case records gradients.
   *
   * @return {@code true} when a gradient was given to backward
   */
  public boolean hasGradients() {
    return !gradOutputs.isEmpty();
  }

  /**
   * Tells whether the case is one call of a recorded model.
   *
   * @return {@code true} when {@link #call()} is set
   */
  public boolean isRecordedCall() {
    return call != null;
  }
}
