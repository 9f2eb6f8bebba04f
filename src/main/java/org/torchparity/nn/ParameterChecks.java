package org.torchparity.nn;

import java.util.Arrays;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * Refusals for the element-wise parameter setters, naming the parameter, its shape and the fault.
 */
final class ParameterChecks {
  private ParameterChecks() {}

  /** Refuses a value list whose length is not the shape's element count. */
  static void checkCount(String name, double[] values, int[] shape, String label) {
    long expected = Tensor.numel(shape);
    if (values.length != expected) {
      throw new InvalidArgumentException(
          name,
          name
              + " needs "
              + expected
              + " values for shape "
              + Arrays.toString(shape)
              + " "
              + label
              + " but got "
              + values.length);
    }
  }

  /** Refuses an index outside the shape, naming the first axis at fault. */
  static void checkIndex(String name, int[] index, int[] shape) {
    for (int axis = 0; axis < index.length; axis++) {
      if (index[axis] < 0 || index[axis] >= shape[axis]) {
        throw new InvalidArgumentException(
            name,
            name
                + " index "
                + Arrays.toString(index)
                + " is outside "
                + name
                + " shape "
                + Arrays.toString(shape)
                + " at axis "
                + axis);
      }
    }
  }
}
