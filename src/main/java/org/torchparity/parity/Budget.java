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
 * file's own size.
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
}
