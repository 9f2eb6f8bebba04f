package org.torchparity.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.io.StateDictFile;
import org.torchparity.nn.Module;
import org.torchparity.parity.Layers;
import org.torchparity.parity.Tolerance;
import org.torchparity.reference.ReferenceModule;
import org.torchparity.spec.AdaptiveAvgPool1dSpec;
import org.torchparity.spec.BatchNorm1dSpec;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.FlattenSpec;
import org.torchparity.spec.GroupNormSpec;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.MaxPool1dSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ModuleSpec.NamedSpec;
import org.torchparity.spec.PreluSpec;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.SequentialSpec;
import org.torchparity.spec.SigmoidSpec;
import org.torchparity.spec.Tensor;

/**
 * The whole-model benchmark cases' modules (issue 18). Each is built in eval mode from the same
 * seeded draws for every implementation; the Python baseline builds the same architecture and loads
 * the Java-drawn state dict, so every implementation starts from the same weights.
 */
final class ModelCases {
  private ModelCases() {}

  /**
   * The M5 audio classifier (Dai et al. 2017, as in torchaudio's speech-commands tutorial): {@code
   * Conv1d(1, 32, 80, stride=16)} and three {@code Conv1d(_, _, 3)} blocks, each followed by
   * BatchNorm1d, ReLU and MaxPool1d(4); then AdaptiveAvgPool1d(1), Flatten and Linear(64, 35).
   *
   * @return the model's spec, a Sequential
   */
  static ModuleSpec audio() {
    List<ModuleSpec> layers = new ArrayList<>();
    int[][] blocks = {{1, 32, 80, 16}, {32, 32, 3, 1}, {32, 64, 3, 1}, {64, 64, 3, 1}};
    for (int[] b : blocks) {
      layers.add(ConvSpec.conv1d(b[0], b[1], b[2]).stride(b[3]).build());
      layers.add(BatchNorm1dSpec.of(b[1]));
      layers.add(ReluSpec.of());
      layers.add(MaxPool1dSpec.of(4));
    }
    layers.add(AdaptiveAvgPool1dSpec.of(1));
    layers.add(FlattenSpec.of());
    layers.add(LinearSpec.of(64, 35));
    return SequentialSpec.of(layers.toArray(ModuleSpec[]::new));
  }

  /**
   * A residual 1-D network in the pattern of {@code examples.models.ResidualBlock}: a stem {@code
   * Conv1d(12, 64, 7, padding=3, bias=False)}, BatchNorm1d, ReLU; four residual blocks ({@code
   * relu(bn2(conv2(relu(bn1(conv1(x))))) + x)}, 3-tap convolutions of 64 channels); then
   * AdaptiveAvgPool1d(1), Flatten and Linear(64, 5). Twelve input channels: a 12-lead ECG.
   *
   * @return the graph
   */
  static ModelGraph resnet() {
    List<NamedSpec> c = new ArrayList<>();
    c.add(new NamedSpec("conv", ConvSpec.conv1d(12, 64, 7).padding(3).bias(false).build()));
    c.add(new NamedSpec("bn", BatchNorm1dSpec.of(64)));
    c.add(new NamedSpec("relu", ReluSpec.of()));
    ConvSpec conv = ConvSpec.conv1d(64, 64, 3).padding(1).bias(false).build();
    for (int i = 0; i < RESNET_BLOCKS; i++) {
      c.add(new NamedSpec("b" + i + "_conv1", conv));
      c.add(new NamedSpec("b" + i + "_bn1", BatchNorm1dSpec.of(64)));
      c.add(new NamedSpec("b" + i + "_conv2", conv));
      c.add(new NamedSpec("b" + i + "_bn2", BatchNorm1dSpec.of(64)));
    }
    c.add(new NamedSpec("pool", AdaptiveAvgPool1dSpec.of(1)));
    c.add(new NamedSpec("flatten", FlattenSpec.of()));
    c.add(new NamedSpec("fc", LinearSpec.of(64, 5)));
    return new ModelGraph(
        "ResNet1d",
        c,
        new ModelGraph.Forward() {
          @Override
          public <T> T apply(ModelGraph.Ops<T> o, T x) {
            x = o.call("relu", o.call("bn", o.call("conv", x)));
            for (int i = 0; i < RESNET_BLOCKS; i++) {
              String b = "b" + i + "_";
              T y = o.call("relu", o.call(b + "bn1", o.call(b + "conv1", x)));
              y = o.call(b + "bn2", o.call(b + "conv2", y));
              x = o.call("relu", o.add(y, x));
            }
            return o.call("fc", o.call("flatten", o.call("pool", x)));
          }
        });
  }

  private static final int RESNET_BLOCKS = 4;

  private static final int[] TASNET_DILATIONS = {1, 2, 4, 8};

  /**
   * A Conv-TasNet-style separator (Luo and Mesgarani 2019), small: encoder {@code Conv1d(1, 64, 16,
   * stride=8, bias=False)} and ReLU; GroupNorm(1, 64) and a 1x1 bottleneck; four blocks (dilations
   * 1, 2, 4, 8) of {@code 1x1 Conv1d(64, 128)}, PReLU, GroupNorm(1, 128), depthwise dilated {@code
   * Conv1d(128, 128, 3, groups=128)}, PReLU, GroupNorm(1, 128), {@code 1x1 Conv1d(128, 64)}, each
   * added to its input; a mask of PReLU, 1x1 Conv1d(64, 64) and Sigmoid multiplied with the
   * encoding; decoder {@code ConvTranspose1d(64, 1, 16, stride=8, bias=False)}.
   *
   * @return the graph
   */
  static ModelGraph separation() {
    List<NamedSpec> c = new ArrayList<>();
    c.add(new NamedSpec("encoder", ConvSpec.conv1d(1, 64, 16).stride(8).bias(false).build()));
    c.add(new NamedSpec("relu", ReluSpec.of()));
    c.add(new NamedSpec("norm", GroupNormSpec.of(1, 64)));
    c.add(new NamedSpec("bottleneck", ConvSpec.conv1d(64, 64, 1).build()));
    for (int i = 0; i < TASNET_DILATIONS.length; i++) {
      int d = TASNET_DILATIONS[i];
      String b = "b" + i + "_";
      c.add(new NamedSpec(b + "in", ConvSpec.conv1d(64, 128, 1).build()));
      c.add(new NamedSpec(b + "act1", PreluSpec.of(1)));
      c.add(new NamedSpec(b + "norm1", GroupNormSpec.of(1, 128)));
      c.add(
          new NamedSpec(
              b + "dconv",
              ConvSpec.conv1d(128, 128, 3).dilation(d).padding(d).groups(128).build()));
      c.add(new NamedSpec(b + "act2", PreluSpec.of(1)));
      c.add(new NamedSpec(b + "norm2", GroupNormSpec.of(1, 128)));
      c.add(new NamedSpec(b + "out", ConvSpec.conv1d(128, 64, 1).build()));
    }
    c.add(new NamedSpec("mask_act", PreluSpec.of(1)));
    c.add(new NamedSpec("mask_conv", ConvSpec.conv1d(64, 64, 1).build()));
    c.add(new NamedSpec("sigmoid", SigmoidSpec.of()));
    c.add(
        new NamedSpec(
            "decoder", ConvSpec.convTranspose1d(64, 1, 16).stride(8).bias(false).build()));
    return new ModelGraph(
        "ConvTasNet",
        c,
        new ModelGraph.Forward() {
          @Override
          public <T> T apply(ModelGraph.Ops<T> o, T x) {
            T w = o.call("relu", o.call("encoder", x));
            T y = o.call("bottleneck", o.call("norm", w));
            for (int i = 0; i < TASNET_DILATIONS.length; i++) {
              String b = "b" + i + "_";
              T z = o.call(b + "norm1", o.call(b + "act1", o.call(b + "in", y)));
              z = o.call(b + "norm2", o.call(b + "act2", o.call(b + "dconv", z)));
              y = o.add(y, o.call(b + "out", z));
            }
            T mask = o.call("sigmoid", o.call("mask_conv", o.call("mask_act", y)));
            return o.call("decoder", o.mul(w, mask));
          }
        });
  }

  /**
   * The graph of a custom-forward model case.
   *
   * @param name the case's name
   * @return the graph, or {@code null} for a case that is a plain module tree
   */
  static ModelGraph graph(String name) {
    switch (name) {
      case "model-resnet":
        return resnet();
      case "model-separation":
        return separation();
      default:
        return null;
    }
  }

  /**
   * The case's pure-Java reference.
   *
   * @param c the case
   * @return the reference
   */
  static ReferenceModule reference(BenchCase c) {
    ModelGraph g = graph(c.name());
    return g != null ? g.reference() : Layers.reference(c.spec());
  }

  /**
   * Whether a case is a whole-model case.
   *
   * @param c the case
   * @return whether its name starts with {@code model-}
   */
  static boolean isModel(BenchCase c) {
    return c.name().startsWith("model-");
  }

  /**
   * The first sample of a batch: the reference's reduced input.
   *
   * @param x {@code (N, ...)}
   * @return {@code (1, ...)}
   */
  static Tensor firstSample(Tensor x) {
    int[] shape = x.shape();
    shape[0] = 1;
    float[] all = x.toFloatArray();
    return Tensor.of(shape, Arrays.copyOf(all, Math.toIntExact(Tensor.numel(shape))))
        .to(DType.FLOAT32);
  }

  /**
   * The case the reference times: the same name and model at batch 1, so that its row's GFLOP/s
   * counts the work it did.
   *
   * @param c a model case
   * @return the case at batch 1
   */
  static BenchCase firstSampleCase(BenchCase c) {
    int[] shape = c.inputShape();
    shape[0] = 1;
    return new BenchCase(c.name(), c.spec(), shape, false, c.description() + " (batch 1)");
  }

  /**
   * A tensor's values as floats.
   *
   * @param t the tensor
   * @return row-major values
   */
  static float[] toFloats(Tensor t) {
    return t.toFloatArray();
  }

  /**
   * Checks an implementation's output against the facade's before it is timed: every value within
   * {@link Tolerance#FLOAT32}. A shorter output (the reference's reduced batch) is compared with
   * the facade's leading samples.
   *
   * @param c the case
   * @param impl the implementation checked
   * @param expected the facade's output
   * @param actual the implementation's output
   * @throws IllegalStateException naming the first value out of tolerance
   */
  static void check(BenchCase c, String impl, float[] expected, float[] actual) {
    if (actual.length == 0 || actual.length > expected.length) {
      throw lengthMismatch(c, impl, expected, actual);
    }
    Tolerance tol = Tolerance.FLOAT32;
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      double diff = Math.abs((double) actual[i] - expected[i]);
      worst = Math.max(worst, diff);
      if (!tol.accepts(actual[i], expected[i])) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "%s: %s disagrees with the facade at flat index %d: %s vs %s (|diff| %.3g, allowed"
                    + " %.3g, %s)",
                c.name(),
                impl,
                i,
                actual[i],
                expected[i],
                diff,
                tol.allowed(expected[i]),
                tol));
      }
    }
  }

  private static IllegalStateException lengthMismatch(
      BenchCase c, String impl, float[] expected, float[] actual) {
    return new IllegalStateException(
        c.name()
            + ": "
            + impl
            + " gave "
            + actual.length
            + " values, the facade "
            + expected.length);
  }

  /**
   * Checks an implementation that changes the arithmetic (BatchNorm folding) against the facade:
   * every value within {@code 1e-4} of the facade's largest magnitude, a bound for a model whose
   * weights are folded in double and rounded once; the measured error is returned for the report.
   *
   * @return a line naming the case, the implementation and its largest absolute and relative error
   * @throws IllegalStateException when the bound is exceeded
   */
  static String checkFolded(BenchCase c, String impl, float[] expected, float[] actual) {
    if (actual.length != expected.length) {
      throw lengthMismatch(c, impl, expected, actual);
    }
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]));
    }
    String line =
        String.format(
            Locale.ROOT,
            "%s %s: max |y - facade| %.3g, %.3g of max |y| %.3g",
            c.name(),
            impl,
            worst,
            scale == 0 ? 0 : worst / scale,
            scale);
    if (!(worst <= 1e-4 * scale)) {
      throw new IllegalStateException(line + ": over the 1e-4 bound");
    }
    return line;
  }

  /**
   * Writes what a Python child needs to run the same model: the facade's state dict ({@code
   * weights.npz}, PyTorch's keys) and the input ({@code input.npz}, key {@code input}).
   *
   * @param c a model case
   * @return a new temporary directory holding both; delete it with {@link #deleteTree}
   */
  static Path writeInputs(BenchCase c) {
    try {
      Path dir = Files.createTempDirectory("torch-parity-bench-model");
      try (Module m = Impl.build(c)) {
        StateDictFile.write(dir.resolve("weights.npz"), m.stateDict());
      }
      StateDictFile.write(
          dir.resolve("input.npz"), Map.of("input", Impl.tensor(c.inputShape(), 1)));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model's weights for Python", e);
    }
  }

  /**
   * Reads the output a Python child wrote ({@code output.npz}, key {@code output}).
   *
   * @param file the file
   * @return its values, or an empty array when the child wrote none
   */
  static float[] readOutput(Path file) {
    if (!Files.isRegularFile(file)) {
      return new float[0];
    }
    StateDictFile.Entry e = StateDictFile.read(file).get("output");
    return e == null ? new float[0] : e.values().toFloatArray();
  }

  /**
   * Deletes a directory from {@link #writeInputs} and its files.
   *
   * @param dir the directory, or {@code null}
   */
  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // temporary files; nothing more to do
    }
  }

  /**
   * Builds a case's module on the CPU, in eval mode for a model case.
   *
   * @param c the case
   * @return the module, owned by the caller
   */
  static Module build(BenchCase c) {
    ModelGraph g = graph(c.name());
    Module m = g != null ? g.build(DeviceSpec.CPU) : Layers.build(c.spec(), DeviceSpec.CPU);
    if (isModel(c)) {
      m.eval();
      drawNormStatistics(m);
    }
    return m;
  }

  /**
   * Gives every BatchNorm1d seeded running statistics and affine parameters (means and biases in
   * [-0.5, 0.5), variances and weights in [0.5, 1.5)), as a trained model has: with the initial
   * zeros and ones a BatchNorm is nearly the identity, which would hide a wrong normalisation from
   * the output check and BatchNorm folding's error from its measurement.
   */
  private static void drawNormStatistics(Module m) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(18);
    m.namedModules()
        .forEach(
            (name, module) -> {
              if (!module.spec().typeName().equals("BatchNorm1d")) {
                return;
              }
              for (String key : List.of("running_mean", "running_var", "weight", "bias")) {
                String full = name.isEmpty() ? key : name + "." + key;
                Tensor old = m.get(full);
                double low = key.equals("running_var") || key.equals("weight") ? 0.5 : -0.5;
                double[] values = new double[Math.toIntExact(Tensor.numel(old.shape()))];
                for (int i = 0; i < values.length; i++) {
                  values[i] = random.nextDouble(low, low + 1);
                }
                m.set(full, Tensor.of(old.dtype(), old.shape(), values));
              }
            });
  }
}
