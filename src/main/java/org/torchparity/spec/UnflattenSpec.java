package org.torchparity.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.nn.Unflatten(dim, unflattened_size)}: {@code input.unflatten(dim, sizes)}, splitting
 * dimension {@code dim} (negative counts from the end) into {@code unflattened_size}, one entry of
 * which may be {@code -1} (inferred). As in PyTorch the constructor only takes the sizes; whether
 * they fit the input (non-empty, at most one {@code -1}, no other negative, product equal to the
 * dimension's size) is checked at the forward pass, with PyTorch's reasons. Named-tensor dims
 * (strings) are not supported.
 *
 * @param dim the dimension to split
 * @param unflattenedSize the sizes it splits into, as given
 * @param dtype the floating dtype of inputs and outputs
 */
public record UnflattenSpec(int dim, List<Integer> unflattenedSize, DType dtype)
    implements ModuleSpec {
  /** Beyond any dimension's size: where the product of the sizes stops growing. */
  private static final long CAP = 1L << 40;

  /**
   * Validates the dtype and copies the sizes.
   *
   * @param dim {@code dim}
   * @param unflattenedSize {@code unflattened_size}
   * @param dtype float32 or float64
   */
  public UnflattenSpec {
    SpecChecks.floating(dtype);
    SpecChecks.notNull("unflattened_size", unflattenedSize);
    for (Integer size : unflattenedSize) {
      SpecChecks.notNull("unflattened_size", size);
    }
    unflattenedSize = List.copyOf(unflattenedSize);
  }

  /**
   * Returns {@code nn.Unflatten(dim, sizes)} in float32.
   *
   * @param dim the dimension to split
   * @param sizes the sizes it splits into
   * @return the spec
   */
  public static UnflattenSpec of(int dim, int... sizes) {
    return new UnflattenSpec(dim, Arrays.stream(sizes).boxed().toList(), DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Unflatten";
  }

  /**
   * Returns {@code dim=1, unflattened_size=[2, 3]}: the sizes print as the Python list a case file
   * gives (PyTorch prints a tuple, {@code (2, 3)}, when built with one).
   */
  @Override
  public String extraRepr() {
    return "dim=" + dim + ", unflattened_size=" + unflattenedSize;
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("dim", dim);
    args.put("unflattened_size", new ArrayList<Object>(unflattenedSize));
    return args;
  }

  @Override
  public UnflattenSpec withDType(DType value) {
    return new UnflattenSpec(dim, unflattenedSize, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    long numel = Tensor.numel(inputShape);
    int d = FlattenSpec.wrapDim("dim", dim, inputShape.length, false);
    if (unflattenedSize.isEmpty()) {
      throw new InvalidArgumentException(
          "unflattened_size",
          "unflattened_size must be non-empty but was [] (PyTorch: unflatten: sizes must be"
              + " non-empty)");
    }
    long size = inputShape[d];
    int inferred = -1;
    long product = 1;
    boolean zero = false;
    for (int i = 0; i < unflattenedSize.size(); i++) {
      int s = unflattenedSize.get(i);
      if (s == -1) {
        if (inferred >= 0) {
          throw new InvalidArgumentException(
              "unflattened_size",
              "unflattened_size may hold one -1 but was "
                  + unflattenedSize
                  + " (PyTorch: unflatten got an unexpected error: only one dimension can be"
                  + " inferred)");
        }
        inferred = i;
      } else if (s >= 0) {
        zero |= s == 0;
        // Saturates: a product beyond any dimension's size cannot fit, unless a 0 follows.
        product = s != 0 && product > CAP / s ? CAP : product * s;
      } else {
        throw new InvalidArgumentException(
            "unflattened_size",
            "unflattened_size entries must be -1 or 0 or more but "
                + unflattenedSize
                + " holds "
                + s
                + " (PyTorch: invalid shape dimension "
                + s
                + ")");
      }
    }
    if (zero) {
      product = 0;
    }
    int[] sizes = unflattenedSize.stream().mapToInt(Integer::intValue).toArray();
    boolean fits = size == product || (inferred >= 0 && product > 0 && size % product == 0);
    if (!fits) {
      throw new InvalidArgumentException(
          "unflattened_size",
          "unflattened_size "
              + unflattenedSize
              + " must multiply up to the size of dim "
              + d
              + " ("
              + size
              + ") of input shape "
              + Arrays.toString(inputShape)
              + " (PyTorch: unflatten: Provided sizes "
              + unflattenedSize
              + " don't multiply up to the size of dim "
              + d
              + " ("
              + size
              + ") in the input tensor)");
    }
    if (inferred >= 0) {
      if (product == 0) {
        throw new InvalidArgumentException(
            "unflattened_size",
            "unflattened_size "
                + unflattenedSize
                + " leaves -1 ambiguous for a dimension of size 0 (PyTorch: cannot reshape tensor"
                + " of 0 elements into shape "
                + unflattenedSize
                + " because the unspecified dimension size -1 can be any value and is"
                + " ambiguous)");
      }
      sizes[inferred] = (int) (size / product);
    }
    int[] out = new int[inputShape.length - 1 + sizes.length];
    System.arraycopy(inputShape, 0, out, 0, d);
    System.arraycopy(sizes, 0, out, d, sizes.length);
    System.arraycopy(inputShape, d + 1, out, d + sizes.length, inputShape.length - d - 1);
    if (Tensor.numel(out) != numel) {
      throw new IllegalStateException("unflatten changed the element count: " + numel);
    }
    return out;
  }

  @Override
  public String toString() {
    return repr();
  }
}
