package org.torchparity.examples.models;

import java.util.List;
import java.util.function.UnaryOperator;
import org.torchparity.spec.DType;
import org.torchparity.spec.ModuleSpec;

/**
 * The description a custom model gives its {@link org.torchparity.nn.Module} base: a class name,
 * its children (for the repr and the mode), its dtype, the dtype its input takes and how an input
 * shape becomes the output shape (checked through the children's own specs, so a wrong input is
 * refused with the child's message). Copy it for your own models.
 *
 * @param typeName the class name shown in the repr
 * @param children the children, in registration order
 * @param dtype the floating dtype
 * @param inputDType the input's dtype (int64 for a model starting with an embedding)
 * @param shapes input shape to output shape, refusing what the children refuse
 */
public record ModelSpec(
    String typeName,
    List<NamedSpec> children,
    DType dtype,
    DType inputDType,
    UnaryOperator<int[]> shapes)
    implements ModuleSpec {

  @Override
  public String extraRepr() {
    return "";
  }

  @Override
  public ModuleSpec withDType(DType value) {
    throw new UnsupportedOperationException(typeName + " is built in " + dtype.torchName());
  }

  @Override
  public int[] outputShape(int[] inputShape) {
    return shapes.apply(inputShape.clone());
  }

  /**
   * Applies child specs one after another to a shape, as a chain of calls would.
   *
   * @param shape the input shape
   * @param specs the modules in call order
   * @return the last output shape
   */
  static int[] through(int[] shape, ModuleSpec... specs) {
    int[] s = shape;
    for (ModuleSpec spec : specs) {
      s = spec.outputShape(s);
    }
    return s;
  }
}
