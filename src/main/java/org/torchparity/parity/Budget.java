package org.torchparity.parity;

import java.util.Optional;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.WorkEstimate;

/**
 * How much one case may cost before {@code check} skips it rather than run it: a bound on the
 * tensor elements and on the multiply-adds of each convolution of the module tree, estimated from
 * the arguments alone ({@link WorkEstimate}) before anything is allocated. Modules without a
 * multiply-add count (activations, containers) cost their input and output, bounded by the case
 * file's own size, except that a leaf whose output the args alone make larger (an adaptive pool's
 * {@code output_size}) is bounded by {@code maxElements} too.
 *
 * @param maxElements the most tensor elements one layer may hold
 * @param maxMultiplyAdds the most multiply-adds one layer may form (forward plus backward when the
 *     case has gradients)
 */
public record Budget(long maxElements, long maxMultiplyAdds) {

  /**
   * 2^28 elements (2 GiB as doubles, the reference's accumulation width) and 2^33 multiply-adds
   * (about a minute of the pure-Java reference on one core).
   */
  public static final Budget DEFAULT = new Budget(1L << 28, 1L << 33);

  /**
   * Tells why a case is over budget.
   *
   * @param spec the module tree
   * @param inputShape the case's input shape
   * @param backward whether gradients are checked
   * @return the reason, empty when the case fits
   */
  public Optional<String> exceeded(ModuleSpec spec, int[] inputShape, boolean backward) {
    if (spec instanceof ConvSpec conv) {
      return WorkEstimate.of(conv, inputShape)
          .exceeds(maxElements, maxMultiplyAdds, backward)
          .map(reason -> spec.typeName() + " " + reason);
    }
    if (spec.children().isEmpty()) {
      // A leaf's output may be far larger than its input (an adaptive pool's output_size): its
      // size is a claim of the case's args, so it is bounded before anything is allocated.
      long output = outputElements(spec, inputShape);
      if (output > maxElements) {
        return Optional.of(
            spec.typeName()
                + " gives an output of "
                + output
                + " tensor elements, more than the budget of "
                + maxElements);
      }
    }
    int[] shape = inputShape;
    for (ModuleSpec.NamedSpec child : spec.children()) {
      Optional<String> reason = exceeded(child.spec(), shape, backward);
      if (reason.isPresent()) {
        return reason.map(r -> child.name() + ": " + r);
      }
      shape = child.spec().outputShape(shape);
    }
    return Optional.empty();
  }

  /** The output's element count, or 0 when the module refuses the input (refused elsewhere). */
  private static long outputElements(ModuleSpec spec, int[] inputShape) {
    int[] shape;
    try {
      shape = spec.outputShape(inputShape);
    } catch (IllegalArgumentException e) {
      return 0;
    }
    long product = 1;
    for (int dim : shape) {
      if (dim == 0) {
        return 0;
      }
    }
    for (int dim : shape) {
      try {
        product = Math.multiplyExact(product, dim);
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
    return product;
  }
}
