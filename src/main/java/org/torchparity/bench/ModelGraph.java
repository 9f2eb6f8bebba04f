package org.torchparity.bench;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.torchparity.djl.ScriptBuilder;
import org.torchparity.djl.ScriptedForward;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.examples.models.ModelSpec;
import org.torchparity.nn.Module;
import org.torchparity.parity.Layers;
import org.torchparity.reference.ReferenceModule;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ModuleSpec.NamedSpec;
import org.torchparity.spec.Tensor;

/**
 * A model with a custom forward (adds, products), written once against {@link Ops} and run three
 * ways: by the facade as a {@link Module} whose forward is NDArray code, by the pure-Java
 * reference, and over shapes to give the output shape. The children are flat, named as the Python
 * baseline names its attributes, so that the state-dict keys agree.
 *
 * @param typeName the class name shown in the repr
 * @param children the children, in registration order
 * @param forward the forward pass
 */
record ModelGraph(String typeName, List<NamedSpec> children, Forward forward) {

  /**
   * The operations a forward pass uses.
   *
   * @param <T> the value type: NDArray, Tensor or a shape
   */
  interface Ops<T> {
    /** Calls a child. */
    T call(String child, T x);

    /** Elementwise sum of two same-shaped values. */
    T add(T a, T b);

    /** Elementwise product of two same-shaped values. */
    T mul(T a, T b);
  }

  /** A forward pass over any {@link Ops}. */
  interface Forward {
    /**
     * Runs the pass.
     *
     * @param ops the operations
     * @param x the input
     * @param <T> the value type
     * @return the output
     */
    <T> T apply(Ops<T> ops, T x);
  }

  ModelGraph {
    children = List.copyOf(children);
  }

  /**
   * The spec the facade's {@link Module} base takes; the output shape comes from running the
   * forward over shapes, so a wrong input is refused with the failing child's message.
   *
   * @return the spec
   */
  ModelSpec spec() {
    return new ModelSpec(typeName, children, DType.FLOAT32, DType.FLOAT32, this::outputShape);
  }

  private ModuleSpec child(String name) {
    for (NamedSpec c : children) {
      if (c.name().equals(name)) {
        return c.spec();
      }
    }
    throw new IllegalStateException(typeName + " has no child " + name);
  }

  private int[] outputShape(int[] input) {
    return forward.apply(
        new Ops<int[]>() {
          @Override
          public int[] call(String name, int[] x) {
            return child(name).outputShape(x);
          }

          @Override
          public int[] add(int[] a, int[] b) {
            return same(a, b);
          }

          @Override
          public int[] mul(int[] a, int[] b) {
            return same(a, b);
          }
        },
        input);
  }

  private int[] same(int[] a, int[] b) {
    if (!Arrays.equals(a, b)) {
      throw new InvalidArgumentException(
          "input",
          typeName
              + " combines shapes "
              + Arrays.toString(a)
              + " and "
              + Arrays.toString(b)
              + "; they must be equal");
    }
    return a;
  }

  /**
   * Builds the facade's module: each child through {@link Layers#build}, the forward as NDArray
   * code.
   *
   * @param device the device
   * @return the module, owned by the caller
   */
  Module build(DeviceSpec device) {
    return new GraphModule(this, device);
  }

  /**
   * Builds the pure-Java reference: each child through {@link Layers#reference}, its state being
   * the model's keys under the child's prefix; every child runs in eval mode.
   *
   * @return the reference (forward only)
   */
  ReferenceModule reference() {
    Map<String, ReferenceModule> refs = new LinkedHashMap<>();
    children.forEach(c -> refs.put(c.name(), Layers.reference(c.spec())));
    return new ReferenceModule() {
      @Override
      public Tensor forward(Map<String, Tensor> state, Tensor input) {
        return forward.apply(
            new Ops<Tensor>() {
              @Override
              public Tensor call(String name, Tensor x) {
                Map<String, Tensor> sub = new LinkedHashMap<>();
                String prefix = name + ".";
                state.forEach(
                    (k, v) -> {
                      if (k.startsWith(prefix)) {
                        sub.put(k.substring(prefix.length()), v);
                      }
                    });
                // Eval mode, as the facade's model: BatchNorm uses its running statistics.
                return refs.get(name).call(sub, x, false).output();
              }

              @Override
              public Tensor add(Tensor a, Tensor b) {
                return combine(a, b, false);
              }

              @Override
              public Tensor mul(Tensor a, Tensor b) {
                return combine(a, b, true);
              }
            },
            input);
      }

      @Override
      public Gradients backward(Map<String, Tensor> state, Tensor input, Tensor gradOutput) {
        throw new UnsupportedOperationException(typeName + "'s reference is forward only");
      }
    };
  }

  private Tensor combine(Tensor a, Tensor b, boolean product) {
    int[] shape = same(a.shape(), b.shape());
    float[] x = a.toFloatArray();
    float[] y = b.toFloatArray();
    for (int i = 0; i < x.length; i++) {
      x[i] = product ? x[i] * y[i] : x[i] + y[i];
    }
    return Tensor.of(shape, x).to(DType.FLOAT32);
  }

  /**
   * How many times the forward pass reads each value, in the order the values are made: the input
   * is value 0, each call, add and product makes the next. The forward must not branch on values,
   * as a traced model must not.
   */
  int[] useCounts() {
    List<Integer> uses = new java.util.ArrayList<>(List.of(0));
    forward.apply(
        new Ops<Integer>() {
          private Integer made(Integer... read) {
            for (Integer v : read) {
              uses.set(v, uses.get(v) + 1);
            }
            uses.add(0);
            return uses.size() - 1;
          }

          @Override
          public Integer call(String child, Integer x) {
            return made(x);
          }

          @Override
          public Integer add(Integer a, Integer b) {
            return made(a, b);
          }

          @Override
          public Integer mul(Integer a, Integer b) {
            return made(a, b);
          }
        },
        0);
    return uses.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The facade's module: children built by {@link Layers}, the forward on NDArrays. Each
   * intermediate is closed as soon as its last reader has run ({@link #useCounts}), as PyTorch
   * frees a tensor when its last reference goes, so that a call holds a few activations rather than
   * all of them until its scratch manager closes.
   */
  private static final class GraphModule extends Module implements ScriptedForward {
    private final ModelGraph graph;
    private final Map<String, Module> modules = new LinkedHashMap<>();
    private final int[] uses;

    GraphModule(ModelGraph graph, DeviceSpec device) {
      super(graph.spec(), device);
      this.graph = graph;
      this.uses = graph.useCounts();
      for (NamedSpec c : graph.children()) {
        modules.put(c.name(), registerModule(c.name(), Layers.build(c.spec(), device)));
      }
    }

    @Override
    public String script(ScriptBuilder script, String prefix, String input) {
      return graph.forward.apply(
          new Ops<String>() {
            @Override
            public String call(String name, String x) {
              return script.child(GraphModule.this, prefix, name, x);
            }

            @Override
            public String add(String a, String b) {
              return script.emit("torch.add(" + a + ", " + b + ")");
            }

            @Override
            public String mul(String a, String b) {
              return script.emit("torch.mul(" + a + ", " + b + ")");
            }
          },
          input);
    }

    @Override
    protected NDArray compute(NDArray input) {
      Map<NDArray, Integer> remaining = new java.util.IdentityHashMap<>();
      remaining.put(input, uses[0]);
      int[] made = {0};
      return graph.forward.apply(
          new Ops<NDArray>() {
            private NDArray made(NDArray result, NDArray... read) {
              remaining.merge(result, uses[++made[0]], Integer::sum);
              for (NDArray v : read) {
                if (remaining.merge(v, -1, Integer::sum) == 0 && v != input) {
                  remaining.remove(v);
                  v.close();
                }
              }
              return result;
            }

            @Override
            public NDArray call(String name, NDArray x) {
              return made(modules.get(name).forward(x), x);
            }

            @Override
            public NDArray add(NDArray a, NDArray b) {
              return made(a.add(b), a, b);
            }

            @Override
            public NDArray mul(NDArray a, NDArray b) {
              return made(a.mul(b), a, b);
            }
          },
          input);
    }
  }
}
