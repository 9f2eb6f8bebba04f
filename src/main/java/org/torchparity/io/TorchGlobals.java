package org.torchparity.io;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.torchparity.io.PickleValues.Dict;
import org.torchparity.io.PickleValues.Global;
import org.torchparity.io.PickleValues.PickledTensor;
import org.torchparity.io.PickleValues.Storage;
import org.torchparity.io.PickleValues.Tuple;

/**
 * The only globals a {@code .pt} pickle may name, and what calling each builds. This is the whole
 * of what {@code torch.save(model.state_dict())} (and a checkpoint of plain containers around it)
 * needs: {@code collections.OrderedDict}, {@code torch._utils._rebuild_tensor_v2}, {@code
 * _rebuild_parameter} and {@code _rebuild_parameter_with_state}, {@code torch.Size}, and the ten
 * storage types ({@code torch.FloatStorage}, ...), which may appear only inside a storage's
 * persistent id. Every other global is refused by module and name when the pickle names it, before
 * anything could call it; nothing here loads a class or calls a method by name.
 */
final class TorchGlobals {
  private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
  private static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
  private static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");
  private static final Global REBUILD_PARAMETER_WITH_STATE =
      new Global("torch._utils", "_rebuild_parameter_with_state");
  private static final Global SIZE = new Global("torch", "Size");
  private static final Set<Global> CALLABLE =
      Set.of(ORDERED_DICT, REBUILD_TENSOR, REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE, SIZE);

  /** Raises a refusal at the opcode being run. */
  interface Refusal {
    StateDictException refuse(String problem);
  }

  private TorchGlobals() {}

  /** The global a {@code GLOBAL} opcode names, if it is allowed; else a refusal naming it. */
  static Global resolve(String module, String name, Refusal r) {
    Global g = new Global(module, name);
    if (CALLABLE.contains(g)
        || (module.equals("torch") && StoredDType.ofStorageName(name) != null)) {
      return g;
    }
    String advice =
        module.startsWith("torch.nn.modules") || module.startsWith("__main__")
            ? " (the file pickles a whole object, not its weights: save model.state_dict() instead)"
            : "";
    throw r.refuse(
        "refused the global "
            + module
            + "."
            + name
            + ": a weights file may name only collections.OrderedDict,"
            + " torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter(_with_state),"
            + " torch.Size and the storage types ("
            + StoredDType.storageNames()
            + "); nothing else is ever loaded or called"
            + advice);
  }

  /** The storage dtype a storage-type global stands for, or {@code null}. */
  static StoredDType storageType(Object value) {
    return value instanceof Global g && g.module().equals("torch")
        ? StoredDType.ofStorageName(g.name())
        : null;
  }

  /** What {@code REDUCE} builds from an allowed callable and its argument tuple. */
  static Object reduce(Global callable, Tuple args, WeightLimits limits, Refusal r) {
    List<Object> a = args.items();
    if (callable.equals(ORDERED_DICT)) {
      if (!a.isEmpty()) {
        throw r.refuse("collections.OrderedDict is called with arguments; torch.save passes none");
      }
      return new Dict(true);
    }
    if (callable.equals(SIZE)) {
      if (a.size() != 1 || !(a.get(0) instanceof Tuple dims) || ints(dims) == null) {
        throw r.refuse("torch.Size expects one tuple of ints");
      }
      return dims;
    }
    if (callable.equals(REBUILD_TENSOR)) {
      return tensor(a, limits, r);
    }
    if (callable.equals(REBUILD_PARAMETER) || callable.equals(REBUILD_PARAMETER_WITH_STATE)) {
      int n = callable.equals(REBUILD_PARAMETER) ? 3 : 4;
      if (a.size() != n
          || !(a.get(0) instanceof PickledTensor t)
          || !(a.get(1) instanceof Boolean)
          || !(a.get(2) instanceof Dict)) {
        throw r.refuse(
            callable
                + " expects (tensor, requires_grad, backward_hooks"
                + (n == 4 ? ", state" : "")
                + ") but got "
                + kinds(a));
      }
      return t;
    }
    throw r.refuse(callable + " is a storage type: it may appear only in a persistent id");
  }

  /** Checks {@code _rebuild_tensor_v2}'s arguments and that the view lies inside its storage. */
  private static PickledTensor tensor(List<Object> a, WeightLimits limits, Refusal r) {
    if ((a.size() != 6 && a.size() != 7)
        || !(a.get(0) instanceof Storage storage)
        || !(a.get(1) instanceof Long offset)
        || !(a.get(2) instanceof Tuple size)
        || !(a.get(3) instanceof Tuple stride)
        || !(a.get(4) instanceof Boolean)
        || !(a.get(5) instanceof Dict)
        || (a.size() == 7 && a.get(6) != PickleValues.NONE && !(a.get(6) instanceof Dict))) {
      throw r.refuse(
          "torch._utils._rebuild_tensor_v2 expects (storage, storage_offset, size, stride,"
              + " requires_grad, backward_hooks[, metadata]) but got "
              + kinds(a));
    }
    if (size.items().size() > limits.maxRank()) {
      throw r.refuse(
          "the tensor claims "
              + size.items().size()
              + " dimensions, over the limit of "
              + limits.maxRank()
              + " (WeightLimits.maxRank)");
    }
    long[] shape = ints(size);
    long[] strides = ints(stride);
    if (shape == null || strides == null || shape.length != strides.length) {
      throw r.refuse(
          "the tensor's size and stride must be tuples of ints of one length but are "
              + size.items()
              + " and "
              + stride.items());
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || strides[i] < 0) {
        throw r.refuse(
            "the tensor claims size "
                + Arrays.toString(shape)
                + " and stride "
                + Arrays.toString(strides)
                + "; PyTorch has no negative sizes or strides");
      }
    }
    if (offset < 0) {
      throw r.refuse("the tensor claims storage offset " + offset + ", below 0");
    }
    long numel = 1;
    long last = offset; // the highest element the view reaches
    try {
      for (int i = 0; i < shape.length; i++) {
        numel = Math.multiplyExact(numel, shape[i]);
        if (shape[i] > 0) {
          last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, strides[i]));
        }
      }
    } catch (ArithmeticException e) {
      throw r.refuse(
          "the tensor's size "
              + Arrays.toString(shape)
              + " and stride "
              + Arrays.toString(strides)
              + " overflow a 64-bit element count");
    }
    boolean inside = numel == 0 ? offset <= storage.numel() : last < storage.numel();
    if (!inside) {
      throw r.refuse(
          "the tensor claims size "
              + Arrays.toString(shape)
              + ", stride "
              + Arrays.toString(strides)
              + " at storage offset "
              + offset
              + ", reaching element "
              + last
              + " of storage '"
              + storage.key()
              + "', which holds "
              + storage.numel()
              + " "
              + storage.dtype().torchName()
              + " elements");
    }
    return new PickledTensor(storage, offset, shape, strides);
  }

  /** The ints of a tuple, or {@code null} when one is not an int. */
  private static long[] ints(Tuple t) {
    long[] out = new long[t.items().size()];
    for (int i = 0; i < out.length; i++) {
      if (!(t.items().get(i) instanceof Long v)) {
        return null;
      }
      out[i] = v;
    }
    return out;
  }

  private static String kinds(List<Object> a) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < a.size() && i < 8; i++) {
      out.append(i == 0 ? "" : ", ").append(PickleValues.describe(a.get(i)));
    }
    return out.append(a.size() > 8 ? ", ...)" : ")").toString();
  }
}
