package org.torchparity.parity;

import java.util.Arrays;
import org.torchparity.spec.ConvSpec;

/**
 * One layer configuration to check: the layer's arguments and the shape of the input it is run on.
 *
 * @param spec the layer's arguments
 * @param inputShape {@code (N, C_in, L)} or unbatched {@code (C_in, L)}
 */
public record Configuration(ConvSpec spec, int[] inputShape) {

  /**
   * Creates a configuration, copying the shape.
   *
   * @param spec the layer's arguments
   * @param inputShape the input's shape
   */
  public Configuration {
    inputShape = inputShape.clone();
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * Tells whether the input is batched.
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
    return spec + " on input " + Arrays.toString(inputShape) + " " + spec.dtype().torchName();
  }
}
