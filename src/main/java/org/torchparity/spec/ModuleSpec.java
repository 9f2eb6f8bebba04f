package org.torchparity.spec;

import java.util.List;

/**
 * The engine-free description of a module: PyTorch's class name, its validated constructor
 * arguments, its dtype and, for containers, its children. Everything the parity tools do (read and
 * write cases, pick a kernel, dispatch to the reference, generate configurations) is typed on this
 * description; each layer's spec ({@link ConvSpec}, {@link ReluSpec}, {@link SequentialSpec}, ...)
 * implements it.
 */
public interface ModuleSpec {

  /**
   * Returns PyTorch's class name in {@code torch.nn}, e.g. {@code Conv1d}.
   *
   * @return the name
   */
  String typeName();

  /**
   * Returns what PyTorch's {@code extra_repr()} prints for this module, e.g. {@code 2, 1,
   * kernel_size=(2,), stride=(1,)}; empty for modules without arguments.
   *
   * @return the text between the parentheses of the module's repr
   */
  String extraRepr();

  /**
   * Returns the module's constructor keywords with PyTorch's names and values, as a case file's
   * {@code args} holds them ({@code Boolean}, {@code Integer}, {@code Long}, {@code Double}, {@code
   * String}, {@code List} of those, or {@code null} for {@code None}), so that parsing them back
   * gives this spec. {@code null} (the default) means the spec cannot be written.
   *
   * @return keyword to value, in PyTorch's signature order, or {@code null}
   */
  default java.util.Map<String, Object> arguments() {
    return null;
  }

  /**
   * Returns the floating dtype of the module's parameters, inputs and outputs.
   *
   * @return float32 or float64
   */
  DType dtype();

  /**
   * Returns the same description in another dtype.
   *
   * @param dtype float32 or float64
   * @return the converted description
   */
  ModuleSpec withDType(DType dtype);

  /**
   * Returns the named children of a container, in registration order; empty for a leaf.
   *
   * @return the children
   */
  default List<NamedSpec> children() {
    return List.of();
  }

  /**
   * Returns the state-dict keys of the module's own parameters (not its children's), in
   * registration order, as PyTorch's {@code named_parameters(recurse=False)}.
   *
   * @return the keys
   */
  default List<String> parameterNames() {
    return List.of();
  }

  /**
   * Returns the shape of one of the module's own parameters.
   *
   * @param name a key from {@link #parameterNames()}
   * @return its shape
   * @throws InvalidArgumentException for any other name
   */
  default int[] parameterShape(String name) {
    throw new InvalidArgumentException(
        "name", typeName() + " has no parameter '" + name + "'; it has " + parameterNames());
  }

  /**
   * Returns the dtype of one of the module's own parameters or buffers: the module's dtype, except
   * for integer buffers such as BatchNorm's {@code num_batches_tracked} (int64).
   *
   * @param name a key from {@link #parameterNames()}
   * @return its dtype
   */
  default DType parameterDType(String name) {
    return dtype();
  }

  /**
   * Returns the dtype the module's input must have: the module's dtype, except for modules that
   * take indices ({@code Embedding} takes int64).
   *
   * @return the input's dtype
   */
  default DType inputDType() {
    return dtype();
  }

  /**
   * Returns the dtypes of the module's outputs in call order: one output of the module's dtype,
   * except for modules that return a tuple ({@code MaxPool1d(return_indices=True)} returns the
   * values and their int64 indices, both of {@link #outputShape}'s shape).
   *
   * @return the outputs' dtypes
   */
  default List<DType> outputDTypes() {
    return List.of(dtype());
  }

  /**
   * Tells whether the module computes differently in training and in eval mode ({@code
   * BatchNorm1d}, {@code Dropout}); a container asks its children.
   *
   * @return {@code true} when {@code train()} and {@code eval()} give different results
   */
  default boolean modeDependent() {
    return children().stream().anyMatch(child -> child.spec().modeDependent());
  }

  /**
   * Tells whether the module draws from the random generator in training mode ({@code Dropout} with
   * {@code p > 0}); a container asks its children. Such a call is reproducible only by seeding
   * libtorch's generator, which a pure-Java implementation cannot do.
   *
   * @return {@code true} for a random module
   */
  default boolean drawsRandomNumbers() {
    return children().stream().anyMatch(child -> child.spec().drawsRandomNumbers());
  }

  /**
   * Computes the output shape for an input shape, refusing inputs PyTorch refuses with PyTorch's
   * reason.
   *
   * @param inputShape the input's dimensions
   * @return the output's dimensions
   * @throws InvalidArgumentException when PyTorch would refuse the input
   */
  int[] outputShape(int[] inputShape);

  /**
   * Checks that a tensor has this module's dtype.
   *
   * @param argument the argument's name for the message
   * @param actual the tensor's dtype
   * @throws InvalidArgumentException naming {@code argument}
   */
  default void checkDType(String argument, DType actual) {
    if (actual != dtype()) {
      throw new InvalidArgumentException(
          argument,
          argument
              + " dtype must be "
              + dtype().torchName()
              + " (the layer's dtype) but was "
              + actual.torchName());
    }
  }

  /**
   * Checks an input's dtype against {@link #inputDType()}.
   *
   * @param actual the input's dtype
   * @throws InvalidArgumentException naming {@code input}
   */
  default void checkInputDType(DType actual) {
    if (actual != inputDType()) {
      throw new InvalidArgumentException(
          "input",
          "input dtype must be "
              + inputDType().torchName()
              + (inputDType() == dtype() ? " (the layer's dtype)" : "")
              + " but was "
              + actual.torchName());
    }
  }

  /**
   * Checks an input tensor's dtype and shape against this module.
   *
   * @param input the input
   * @return the output shape
   * @throws InvalidArgumentException naming {@code input}
   */
  default int[] checkInput(Tensor input) {
    checkInputDType(input.dtype());
    return outputShape(input.shape());
  }

  /**
   * Checks a gradient of the output against the output this module gives for {@code inputShape}.
   *
   * @param inputShape the forward input's shape
   * @param gradOutput the gradient
   * @throws InvalidArgumentException naming {@code gradOutput}
   */
  default void checkGradOutput(int[] inputShape, Tensor gradOutput) {
    checkGradOutput(inputShape, gradOutput.dtype(), gradOutput.shape());
  }

  /**
   * Checks a grad_output given by dtype and shape against the output this module gives for {@code
   * inputShape}.
   *
   * @param inputShape the forward input's shape
   * @param dtype grad_output's dtype
   * @param shape grad_output's shape
   * @throws InvalidArgumentException naming {@code gradOutput}
   */
  default void checkGradOutput(int[] inputShape, DType dtype, int[] shape) {
    checkDType("gradOutput", dtype);
    int[] outShape = outputShape(inputShape);
    if (!java.util.Arrays.equals(outShape, shape)) {
      throw new InvalidArgumentException(
          "gradOutput",
          "gradOutput shape must be the output shape "
              + java.util.Arrays.toString(outShape)
              + " but was "
              + java.util.Arrays.toString(shape));
    }
  }

  /**
   * Returns PyTorch's repr of the module (one line for a leaf, the indented tree for a container).
   *
   * @return the repr
   */
  default String repr() {
    return Reprs.repr(this);
  }

  /**
   * A child of a container: its attribute name and its description.
   *
   * @param name the name PyTorch's {@code named_children()} gives ({@code 0}, {@code encoder}, ...)
   * @param spec the child
   */
  record NamedSpec(String name, ModuleSpec spec) {}
}
