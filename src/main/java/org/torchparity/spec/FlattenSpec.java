package org.torchparity.spec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.Flatten(start_dim=1, end_dim=-1)}: {@code torch.flatten(input, start_dim,
 * end_dim)}, merging the dimensions from {@code start_dim} to {@code end_dim} (negative dims count
 * from the end) into one. PyTorch checks the dims at the forward pass only: a dim outside the
 * input's rank and {@code start_dim} after {@code end_dim} are refused there, as here; a 0-d input
 * becomes {@code (1)}.
 *
 * @param startDim the first dimension to merge
 * @param endDim the last dimension to merge
 * @param dtype the floating dtype of inputs and outputs
 */
public record FlattenSpec(int startDim, int endDim, DType dtype) implements ModuleSpec {

  /**
   * Validates the dtype; the dims depend on the input and are checked at the forward pass.
   *
   * @param startDim {@code start_dim}
   * @param endDim {@code end_dim}
   * @param dtype float32 or float64
   */
  public FlattenSpec {
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Flatten()} (dims 1 to -1) in float32.
   *
   * @return the spec
   */
  public static FlattenSpec of() {
    return new FlattenSpec(1, -1, DType.FLOAT32);
  }

  @Override
  public String typeName() {
    return "Flatten";
  }

  @Override
  public String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("start_dim", startDim);
    args.put("end_dim", endDim);
    return args;
  }

  @Override
  public FlattenSpec withDType(DType value) {
    return new FlattenSpec(startDim, endDim, value);
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(inputShape);
    int rank = inputShape.length;
    int start = wrapDim("start_dim", startDim, rank, true);
    int end = wrapDim("end_dim", endDim, rank, true);
    if (start > end) {
      throw new InvalidArgumentException(
          "start_dim",
          "start_dim="
              + startDim
              + " comes after end_dim="
              + endDim
              + " for an input of shape "
              + Arrays.toString(inputShape)
              + " (PyTorch: flatten() has invalid args: start_dim cannot come after end_dim)");
    }
    if (rank == 0) {
      return new int[] {1};
    }
    int[] out = new int[rank - (end - start)];
    System.arraycopy(inputShape, 0, out, 0, start);
    long merged = 1;
    for (int d = start; d <= end; d++) {
      merged *= inputShape[d];
    }
    out[start] = (int) merged;
    System.arraycopy(inputShape, end + 1, out, start + 1, rank - end - 1);
    return out;
  }

  /**
   * PyTorch's {@code maybe_wrap_dim}: a dim in {@code [-rank, rank - 1]} (a 0-d tensor counting as
   * rank 1 when {@code wrapScalar}), negative ones counted from the end.
   *
   * @param argument the argument's name for the message
   * @param dim the dim as given
   * @param rank the input's number of dimensions
   * @param wrapScalar whether a 0-d input accepts dims 0 and -1
   * @return the dim in {@code [0, rank)}
   * @throws InvalidArgumentException with PyTorch's reason when the dim is out of range
   */
  static int wrapDim(String argument, int dim, int rank, boolean wrapScalar) {
    int r = rank;
    if (r == 0) {
      if (!wrapScalar) {
        throw new InvalidArgumentException(
            argument,
            argument
                + "="
                + dim
                + " needs an input with dimensions but the input is 0-d (PyTorch: Dimension"
                + " specified as "
                + dim
                + " but tensor has no dimensions)");
      }
      r = 1;
    }
    if (dim < -r || dim > r - 1) {
      throw new InvalidArgumentException(
          argument,
          argument
              + " must be in ["
              + -r
              + ", "
              + (r - 1)
              + "] for an input of "
              + rank
              + " dimensions but was "
              + dim
              + " (PyTorch: Dimension out of range (expected to be in range of ["
              + -r
              + ", "
              + (r - 1)
              + "], but got "
              + dim
              + "))");
    }
    return dim < 0 ? dim + r : dim;
  }

  @Override
  public String toString() {
    return repr();
  }
}
