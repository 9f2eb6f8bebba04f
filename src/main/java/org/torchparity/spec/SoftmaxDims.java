package org.torchparity.spec;

/**
 * The {@code dim} of {@code nn.Softmax} and {@code nn.LogSoftmax}: PyTorch's range check ({@code
 * Dimension out of range}) and its legacy rule for {@code dim=None}, {@code
 * torch.nn.functional._get_softmax_dim}, which picks dimension 0 for inputs of 0, 1 or 3 dimensions
 * and dimension 1 otherwise (and warns that the implicit choice is deprecated).
 */
public final class SoftmaxDims {
  private SoftmaxDims() {}

  /**
   * The dimension {@code dim=None} stands for, as {@code _get_softmax_dim(name, ndim)} picks it.
   *
   * @param rank the input's number of dimensions
   * @return 0 for a rank of 0, 1 or 3; 1 otherwise
   */
  public static int implicit(int rank) {
    return rank == 0 || rank == 1 || rank == 3 ? 0 : 1;
  }

  /**
   * Resolves a module's {@code dim} against an input's rank: {@code None} by the legacy rule, a
   * negative dimension counted from the end, refusing one out of range as PyTorch does.
   *
   * @param dim the module's {@code dim}, {@code null} for {@code None}
   * @param rank the input's number of dimensions (a 0-d input takes dimension 0 or -1)
   * @return the dimension, in {@code [0, max(rank, 1))}
   * @throws InvalidArgumentException naming {@code dim} when it is out of range
   */
  public static int resolve(Integer dim, int rank) {
    if (dim == null) {
      return implicit(rank);
    }
    int size = Math.max(rank, 1);
    if (dim < -size || dim >= size) {
      throw new InvalidArgumentException(
          "dim",
          "dim must be in the range ["
              + -size
              + ", "
              + (size - 1)
              + "] for an input of "
              + rank
              + " dimensions but was "
              + dim
              + " (PyTorch: Dimension out of range)");
    }
    return dim < 0 ? dim + size : dim;
  }

  /**
   * The warning PyTorch prints when {@code dim} is {@code None}.
   *
   * @param function {@code softmax} or {@code log_softmax}
   * @return PyTorch's text
   */
  public static String implicitWarning(String function) {
    return "Implicit dimension choice for "
        + function
        + " has been deprecated. Change the call to include dim=X as an argument.";
  }

  static String extraRepr(Integer dim) {
    return "dim=" + (dim == null ? "None" : dim.toString());
  }

  static java.util.Map<String, Object> arguments(Integer dim) {
    return java.util.Collections.singletonMap("dim", dim);
  }
}
