package org.torchparity.spec;

/**
 * What the rectifier, clamp, exponential and soft activation specs share: Python's {@code repr} of
 * a float argument (the text {@code extra_repr()} prints), a float as a case file's {@code args}
 * holds it, and the unbatched shape rule of elementwise modules.
 */
final class RectifierArgs {
  private RectifierArgs() {}

  /**
   * Formats a double as Python's {@code repr(float)}: the shortest digits that read back to the
   * same double, in fixed notation for decimal exponents -4 to 15 ({@code 0.0001}, {@code 20.0})
   * and in scientific notation otherwise ({@code 1e-05}, {@code 1e+20}); {@code nan}, {@code inf},
   * {@code -inf}, {@code -0.0}.
   */
  static String pyRepr(double v) {
    return PythonScalars.floatRepr(v);
  }

  /**
   * Returns a float argument as a case file's {@code args} holds it: the number, or {@code "nan"},
   * {@code "inf"}, {@code "-inf"} for the values JSON cannot write.
   */
  static Object json(double v) {
    return Double.isFinite(v) ? (Object) v : pyRepr(v);
  }

  /** The output shape of an elementwise module: the input's, any rank (0 included). */
  static int[] sameShape(int[] inputShape) {
    SpecChecks.notNull("inputShape", inputShape);
    Tensor.numel(inputShape);
    return inputShape.clone();
  }

  /** {@code "inplace=True"} when set, for the modules whose only argument is {@code inplace}. */
  static String inplaceOnly(boolean inplace) {
    return inplace ? "inplace=True" : "";
  }

  /** {@code ", inplace=True"} when set, appended after the other arguments. */
  static String inplaceSuffix(boolean inplace) {
    return inplace ? ", inplace=True" : "";
  }
}
