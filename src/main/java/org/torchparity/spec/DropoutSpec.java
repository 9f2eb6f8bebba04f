package org.torchparity.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.nn.Dropout(p=0.5, inplace=False)}, any shape: in training mode each element is
 * zeroed with probability {@code p} and the others scaled by {@code 1 / (1 - p)}, the mask drawn
 * from libtorch's generator ({@code bernoulli_(1 - p)}); in eval mode, and for {@code p = 0}, the
 * identity; {@code p = 1} multiplies by zero without drawing. {@code inplace} changes only where
 * PyTorch writes the result; torch-parity always returns a new array, so it is kept for the repr.
 *
 * @param p the probability of zeroing, as given: a {@link Long} prints as an int ({@code p=0})
 * @param inplace PyTorch's {@code inplace}
 * @param dtype the floating dtype of inputs and outputs
 */
public record DropoutSpec(Number p, boolean inplace, DType dtype) implements ModuleSpec {

  /**
   * Validates {@code p} as PyTorch's constructor does ({@code 0 <= p <= 1}); NaN, which the
   * constructor lets through and every call then refuses, is refused here.
   *
   * @param p the probability
   * @param inplace PyTorch's {@code inplace}
   * @param dtype float32 or float64
   */
  public DropoutSpec {
    p = PythonScalars.normalise("p", p);
    double v = p.doubleValue();
    if (!(v >= 0 && v <= 1)) {
      throw new InvalidArgumentException(
          "p", "dropout probability has to be between 0 and 1, but got " + PythonScalars.str(p));
    }
    SpecChecks.floating(dtype);
  }

  /**
   * Returns {@code nn.Dropout()} ({@code p=0.5}) in float32.
   *
   * @return the spec
   */
  public static DropoutSpec of() {
    return of(0.5);
  }

  /**
   * Returns {@code nn.Dropout(p)} in float32.
   *
   * @param p the probability of zeroing
   * @return the spec
   */
  public static DropoutSpec of(double p) {
    return new DropoutSpec(p, false, DType.FLOAT32);
  }

  /**
   * Returns {@code p} as a double.
   *
   * @return the probability
   */
  public double probability() {
    return p.doubleValue();
  }

  @Override
  public String typeName() {
    return "Dropout";
  }

  @Override
  public String extraRepr() {
    return "p=" + PythonScalars.str(p) + ", inplace=" + (inplace ? "True" : "False");
  }

  @Override
  public Map<String, Object> arguments() {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("p", p);
    args.put("inplace", inplace);
    return args;
  }

  @Override
  public DropoutSpec withDType(DType value) {
    return new DropoutSpec(p, inplace, value);
  }

  /** Training and eval differ unless {@code p = 0}. */
  @Override
  public boolean modeDependent() {
    return probability() > 0;
  }

  /**
   * Only {@code 0 < p < 1} draws a mask: {@code p = 0} returns the input and {@code p = 1}
   * multiplies by zero, both without touching the generator, so the reference can check them.
   */
  @Override
  public boolean drawsRandomNumbers() {
    return probability() > 0 && probability() < 1;
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    Tensor.numel(inputShape);
    return inputShape.clone();
  }

  @Override
  public String toString() {
    return repr();
  }
}
