package org.torchparity.parity;

import java.util.Arrays;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;

/**
 * One module configuration to check: the module's description (a layer or a tree) and the shape of
 * the input it is run on.
 *
 * @param spec the module's description
 * @param inputShape for a convolution {@code (N, C_in, L)} or unbatched {@code (C_in, L)}; any
 *     shape the module accepts
 */
public record Configuration(ModuleSpec spec, int[] inputShape) {

  /**
   * Creates a configuration, copying the shape.
   *
   * @param spec the layer's arguments
   * @param inputShape the input's shape
   */
  public Configuration {
    inputShape = inputShape.clone();
  }

  /**
   * Returns the spec as a convolution, for code that handles only Conv1d and ConvTranspose1d.
   *
   * @return the spec
   * @throws InvalidArgumentException when the module is not a convolution
   */
  public ConvSpec convSpec() {
    return asConv(spec);
  }

  /**
   * Casts a spec to a convolution with a typed error.
   *
   * @param spec the spec
   * @return the same spec as a {@link ConvSpec}
   * @throws InvalidArgumentException naming {@code spec} when it is not a convolution
   */
  static ConvSpec asConv(ModuleSpec spec) {
    if (spec instanceof ConvSpec conv) {
      return conv;
    }
    throw new InvalidArgumentException(
        "spec", "spec must be a Conv1d or ConvTranspose1d but was " + spec.typeName());
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * Tells whether the input is batched (for the 1-d layers: rank 3).
   *
   * @return {@code true} for a rank-3 input
   */
  public boolean batched() {
    return inputShape.length == 3;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Configuration c
        && spec.equals(c.spec)
        && Arrays.equals(inputShape, c.inputShape);
  }

  @Override
  public int hashCode() {
    return 31 * spec.hashCode() + Arrays.hashCode(inputShape);
  }

  @Override
  public String toString() {
    // A tree's repr spans lines; one line keeps reports and tables readable.
    String text = spec.toString().replaceAll("\\s*\n\\s*", " ");
    return text + " on input " + Arrays.toString(inputShape) + " " + spec.dtype().torchName();
  }
}
