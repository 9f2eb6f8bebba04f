package org.torchparity.parity;

import com.fasterxml.jackson.databind.JsonNode;
import org.torchparity.spec.InvalidArgumentException;

/** Reads the {@code dim} keyword of {@code Softmax} and {@code LogSoftmax} from a case's args. */
final class SoftmaxArgs {
  private SoftmaxArgs() {}

  /**
   * Reads {@code dim}: an int, or {@code None} (absent or {@code null}). A bool is refused, as
   * PyTorch's {@code softmax(input, True)} refuses it ({@code TypeError}: {@code dim} must be an
   * int, and Python's {@code True} is one only to {@link Args#integer}).
   *
   * @param args the case's keyword arguments
   * @param module {@code Softmax} or {@code LogSoftmax}, for the unexpected-keyword message
   * @return the dimension, {@code null} for {@code None}
   * @throws InvalidArgumentException naming {@code dim} or an unexpected keyword
   */
  static Integer dim(JsonNode args, String module) {
    Args.only(args, module, "dim");
    JsonNode v = args.get("dim");
    if (v != null && v.isBoolean()) {
      throw new InvalidArgumentException("dim", "dim must be an int or None but was " + v);
    }
    return Args.optionalInteger(args, "dim", null);
  }
}
