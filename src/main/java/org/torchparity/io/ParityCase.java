package org.torchparity.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * One case of the {@code torch-parity-case/1} format: a layer configuration, its tensors and what
 * PyTorch produced for them. Tensors absent from the file are {@code null}. The layer's arguments
 * are kept as written; {@link #spec()} validates them, and refuses what PyTorch refuses.
 *
 * @param file the file it was read from, as the user named it
 * @param name the case's name
 * @param source free text: where the configuration comes from (may be {@code null})
 * @param torchVersion the PyTorch that produced it (may be {@code null})
 * @param module the layer
 * @param args PyTorch's keyword arguments, as written
 * @param dtype the dtype every tensor of the case shares
 * @param input the input, or {@code null}
 * @param weight the weight, or {@code null}
 * @param bias the bias, or {@code null}
 * @param output PyTorch's forward result, or {@code null}
 * @param gradOutput the upstream gradient given to backward, or {@code null}
 * @param gradInput PyTorch's input gradient, or {@code null}
 * @param gradWeight PyTorch's weight gradient, or {@code null}
 * @param gradBias PyTorch's bias gradient, or {@code null}
 * @param seed for an initialisation case, the seed; else {@code null}
 * @param error when PyTorch refused the case, its exception type and message; else {@code null}
 */
public record ParityCase(
    String file,
    String name,
    String source,
    String torchVersion,
    ConvSpec.Kind module,
    JsonNode args,
    DType dtype,
    Tensor input,
    Tensor weight,
    Tensor bias,
    Tensor output,
    Tensor gradOutput,
    Tensor gradInput,
    Tensor gradWeight,
    Tensor gradBias,
    Long seed,
    String error) {

  /**
   * Builds the layer's spec from {@link #args()}.
   *
   * @return the spec
   * @throws org.torchparity.spec.InvalidArgumentException when PyTorch would refuse the arguments
   */
  public ConvSpec spec() {
    return ConvArgs.toSpec(module, args, dtype);
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
   * @return {@code true} when {@link #seed()} is set
   */
  public boolean isSeedCase() {
    return seed != null;
  }

  /**
   * Tells whether the case records gradients.
   *
   * @return {@code true} when {@link #gradOutput()} is present
   */
  public boolean hasGradients() {
    return gradOutput != null;
  }
}
