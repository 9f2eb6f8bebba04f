package org.torchparity.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.torchparity.djl.ScriptedModel;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.nn.Module;
import org.torchparity.parity.Layers;
import org.torchparity.reference.ReferenceModule;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.Tensor;

/**
 * The implementations that run inside this JVM. Each times a whole call as its user sees it: from
 * data in that implementation's natural host form to the result in host form, except {@link
 * #FACADE_NDARRAY}, which, like PyTorch's own benchmark, starts and ends with native arrays.
 */
enum Impl {
  /**
   * The facade's array API, {@link Module#forward(float[], int[], float[])}: Java arrays in and
   * out. The backward case goes through {@link Module#backward(Tensor, Tensor)}, the backward API
   * on host data.
   */
  FACADE("facade") {
    @Override
    Workload prepare(BenchCase c) {
      Module layer = build(c);
      int[] shape = c.inputShape();
      if (c.backward()) {
        Tensor x = tensor(shape, 1);
        Tensor g = tensor(c.outputShape(), 2);
        return layerWorkload(layer, () -> sink(layer.backward(x, g)));
      }
      float[] x = floats(shape, 1);
      float[] y = new float[Math.toIntExact(Tensor.numel(c.outputShape()))];
      return new Workload() {
        @Override
        public void call() {
          layer.forward(x, shape, y);
          sink(y[0]);
        }

        @Override
        public float[] output() {
          call();
          return y.clone();
        }

        @Override
        public void close() {
          layer.close();
        }
      };
    }
  },

  /**
   * The facade's direct-buffer API, {@link Module#forward(ByteBuffer, int[], ByteBuffer)}: input
   * and output in caller-owned native memory made once; libtorch reads the input in place and
   * copies the result into the output buffer.
   */
  FACADE_BUFFER("facade-buffer") {
    @Override
    Workload prepare(BenchCase c) {
      if (c.backward()) {
        throw new UnsupportedOperationException("the direct-buffer API is forward only");
      }
      Module layer = build(c);
      int[] shape = c.inputShape();
      ByteBuffer x = direct(Tensor.numel(shape));
      x.asFloatBuffer().put(floats(shape, 1));
      ByteBuffer y = direct(Tensor.numel(c.outputShape()));
      return layerWorkload(
          layer,
          () -> {
            layer.forward(x, shape, y);
            sink(y.get(0));
          });
    }

    private ByteBuffer direct(long floats) {
      return ByteBuffer.allocateDirect(Math.toIntExact(floats * Float.BYTES))
          .order(ByteOrder.nativeOrder());
    }
  },

  /**
   * The module tree compiled by {@link ScriptedModel} into one TorchScript graph (eval mode), run
   * on native arrays as {@link #FACADE_NDARRAY} is: one native call per forward pass.
   */
  FACADE_SCRIPTED("facade-scripted") {
    @Override
    Workload prepare(BenchCase c) {
      return scripted(c, false);
    }
  },

  /**
   * {@link #FACADE_SCRIPTED} with BatchNorm folded into the convolutions ({@link
   * ScriptedModel#ofFoldingBatchNorm}): an opt-in that changes the arithmetic, so its output is
   * checked against the facade's with a looser bound, and its error is printed.
   */
  FACADE_SCRIPTED_FOLDED("facade-scripted-folded") {
    @Override
    Workload prepare(BenchCase c) {
      return scripted(c, true);
    }
  },

  /**
   * The facade's native API, {@link Module#forward(NDArray)} and {@link ConvLayer#backward(NDArray,
   * NDArray)}: the input (and grad_output) are native arrays made once, and each call's results are
   * closed; no host copies, as PyTorch's own timing.
   */
  FACADE_NDARRAY("facade-ndarray") {
    @Override
    Workload prepare(BenchCase c) {
      Module layer = build(c);
      NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU);
      NDArray x = manager.create(floats(c.inputShape(), 1), shape(c.inputShape()));
      NDArray g =
          c.backward() ? manager.create(floats(c.outputShape(), 2), shape(c.outputShape())) : null;
      return new Workload() {
        @Override
        public void call() {
          if (g != null) {
            try (NDList grads = layer.backward(x, g)) {
              sink(grads.size());
            }
            return;
          }
          try (NDArray y = layer.forward(x)) {
            sink(y.size());
          }
        }

        @Override
        public float[] output() {
          try (NDArray y = layer.forward(x)) {
            return y.toFloatArray();
          }
        }

        @Override
        public void close() {
          manager.close();
          layer.close();
        }
      };
    }
  },

  /**
   * Raw DJL as a DJL user writes it without torch-parity: {@code NDManager.create(float[])} for the
   * input each call, {@code ai.djl.nn.convolutional.Conv1d.conv1d} with the parameters made once,
   * {@code toFloatArray()} for the result. Backward: a {@code GradientCollector} on {@code sum(y *
   * grad_output)}, gradients read back with {@code toFloatArray()}. DJL cannot run ConvTranspose1d
   * on this engine (its {@code Conv1dTranspose} throws {@code UnsupportedOperationException}).
   */
  RAW_DJL("djl") {
    @Override
    Workload prepare(BenchCase c) {
      ConvSpec spec = conv(c, "raw DJL");
      if (spec.transposed()) {
        throw new UnsupportedOperationException(
            "DJL's deconvolution is not implemented on the PyTorch engine");
      }
      NDManager root = TorchEngine.get().newManager(DeviceSpec.CPU);
      Shape xShape = shape(c.inputShape());
      Shape yShape = shape(c.outputShape());
      NDArray w = root.create(floats(spec.weightShape(), 3), shape(spec.weightShape()));
      NDArray b =
          spec.bias()
              ? root.create(floats(spec.biasShape(), 4), new Shape(spec.outChannels()))
              : null;
      float[] x = floats(c.inputShape(), 1);
      Shape stride = new Shape(spec.stride());
      Shape padding = new Shape(spec.padding().amount());
      Shape dilation = new Shape(spec.dilation());
      if (!c.backward()) {
        return new Workload() {
          @Override
          public void call() {
            try (NDManager s = root.newSubManager()) {
              NDArray xa = s.create(x, xShape);
              NDArray y =
                  ai.djl.nn.convolutional.Conv1d.conv1d(
                          xa, w, b, stride, padding, dilation, spec.groups())
                      .singletonOrThrow();
              sink(y.toFloatArray()[0]);
            }
          }

          @Override
          public void close() {
            root.close();
          }
        };
      }
      float[] g = floats(c.outputShape(), 2);
      w.setRequiresGradient(true);
      if (b != null) {
        b.setRequiresGradient(true);
      }
      return new Workload() {
        @Override
        public void call() {
          try (NDManager s = root.newSubManager();
              GradientCollector collector = TorchEngine.get().djl().newGradientCollector()) {
            NDArray xa = s.create(x, xShape);
            xa.setRequiresGradient(true);
            NDArray ga = s.create(g, yShape);
            NDArray y =
                ai.djl.nn.convolutional.Conv1d.conv1d(
                        xa, w, b, stride, padding, dilation, spec.groups())
                    .singletonOrThrow();
            collector.backward(y.mul(ga).sum());
            try (NDArray gx = xa.getGradient();
                NDArray gw = w.getGradient()) {
              sink(gx.toFloatArray()[0] + gw.toFloatArray()[0]);
            }
            if (b != null) {
              try (NDArray gb = b.getGradient()) {
                sink(gb.toFloatArray()[0]);
              }
            }
          }
        }

        @Override
        public void close() {
          root.close();
        }
      };
    }
  },

  /**
   * The pure-Java reference ({@link Layers#reference}) on {@link Tensor}s made once. A whole-model
   * case runs at batch 1 ({@link ModelCases#reduced}): its input is the first sample of the others'
   * input, and its row is labelled so.
   */
  REFERENCE("reference") {
    @Override
    Workload prepare(BenchCase c) {
      ReferenceModule reference =
          ModelCases.isModel(c) ? ModelCases.reference(c) : Layers.reference(c.spec());
      Tensor x =
          ModelCases.isModel(c)
              ? ModelCases.firstSample(tensor(c.inputShape(), 1))
              : tensor(c.inputShape(), 1);
      // Parameter i of the state dict gets value stream 3 + i: weight 3 and bias 4, as before.
      Map<String, Tensor> state = new LinkedHashMap<>();
      int stream = 3;
      if (ModelCases.isModel(c)) {
        // The same weights as the facade: its seeded draws and buffers, read back once.
        try (Module m = build(c)) {
          state.putAll(m.stateDict());
        }
      } else {
        for (Map.Entry<String, int[]> p : Layers.parameterShapes(c.spec()).entrySet()) {
          state.put(p.getKey(), tensor(p.getValue(), stream++));
        }
      }
      if (c.backward()) {
        Tensor g = tensor(c.outputShape(), 2);
        return plain(() -> sink(reference.backward(state, x, g)));
      }
      return new Workload() {
        @Override
        public void call() {
          sink(reference.forward(state, x).getFlat(0));
        }

        @Override
        public float[] output() {
          return ModelCases.toFloats(reference.forward(state, x));
        }

        @Override
        public void close() {}
      };
    }
  };

  private static final long SEED = 1;

  /** Read by nobody; keeps results observable so that no call can be optimised away. */
  @SuppressWarnings("unused")
  private static volatile double blackhole;

  private final String label;

  Impl(String label) {
    this.label = label;
  }

  /**
   * Returns the name the JSON and the table use.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Prepares this implementation for a case.
   *
   * @param c the case
   * @return the workload; close it when done
   * @throws UnsupportedOperationException when this implementation cannot run the case
   */
  abstract Workload prepare(BenchCase c);

  /**
   * Prepares this implementation for a case (public for the JMH benchmarks).
   *
   * @param c the case
   * @return the workload; close it when done
   * @throws UnsupportedOperationException when this implementation cannot run the case
   */
  public Workload workload(BenchCase c) {
    return prepare(c);
  }

  /** A scripted implementation's workload: the case's module compiled by ScriptedModel. */
  private static Workload scripted(BenchCase c, boolean fold) {
    if (c.backward()) {
      throw new UnsupportedOperationException("facade-scripted runs forward passes only");
    }
    ScriptedModel model;
    try (Module module = build(c)) {
      module.eval();
      model = fold ? ScriptedModel.ofFoldingBatchNorm(module) : ScriptedModel.of(module);
    }
    return nativeForward(c, model::forward, model);
  }

  /**
   * A forward pass on native arrays, timed as {@link #FACADE_NDARRAY} is: the case's input made
   * once, each call's output closed.
   *
   * @param c the case
   * @param forward the pass, its output in the input's manager
   * @param owner what the workload closes last (the model), after the input
   * @return the workload
   */
  static Workload nativeForward(BenchCase c, UnaryOperator<NDArray> forward, AutoCloseable owner) {
    NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU);
    NDArray x = manager.create(floats(c.inputShape(), 1), shape(c.inputShape()));
    return new Workload() {
      @Override
      public void call() {
        try (NDArray y = forward.apply(x)) {
          sink(y.size());
        }
      }

      @Override
      public float[] output() {
        try (NDArray y = forward.apply(x)) {
          return y.toFloatArray();
        }
      }

      @Override
      public void close() {
        manager.close();
        try {
          owner.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close " + owner, e);
        }
      }
    };
  }

  /**
   * Builds the case's module as PyTorch does after {@code torch.manual_seed(SEED)}: for a
   * convolution, the same draws as {@code ConvLayer.resetParameters(SEED)}.
   */
  static Module build(BenchCase c) {
    return Module.manualSeed(SEED, () -> ModelCases.build(c));
  }

  /** The case's convolution, for the implementations that run only convolutions. */
  private static ConvSpec conv(BenchCase c, String impl) {
    if (c.spec() instanceof ConvSpec spec) {
      return spec;
    }
    throw new UnsupportedOperationException(
        impl + " runs convolutions only, not " + c.spec().typeName());
  }

  private static Workload layerWorkload(Module layer, Runnable call) {
    return new Workload() {
      @Override
      public void call() {
        call.run();
      }

      @Override
      public void close() {
        layer.close();
      }
    };
  }

  private static Workload plain(Runnable call) {
    return new Workload() {
      @Override
      public void call() {
        call.run();
      }

      @Override
      public void close() {}
    };
  }

  static void sink(double value) {
    blackhole = value;
  }

  static void sink(Gradients g) {
    blackhole = g.gradInput().getFlat(0) + g.grad("weight").getFlat(0);
  }

  /** Uniform values in [-1, 1), the same for every implementation. */
  static float[] floats(int[] shape, long stream) {
    SplittableRandom random = new SplittableRandom(SEED * 1_000_003L + stream);
    float[] v = new float[Math.toIntExact(Tensor.numel(shape))];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }

  /** DJL's shape of the given dimensions. */
  static Shape shape(int[] dims) {
    return new Shape(java.util.Arrays.stream(dims).asLongStream().toArray());
  }

  static Tensor tensor(int[] shape, long stream) {
    return Tensor.of(shape, floats(shape, stream)).to(DType.FLOAT32);
  }
}
