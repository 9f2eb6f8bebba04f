package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.parity.Layers;
import org.torchparity.reference.ReferenceEmbedding;
import org.torchparity.reference.ReferenceLinear;
import org.torchparity.spec.DType;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.FlattenSpec;
import org.torchparity.spec.Gradients;
import org.torchparity.spec.IdentitySpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;
import org.torchparity.spec.UnflattenSpec;

/**
 * The dense family (Identity, Linear, Embedding, Flatten, Unflatten): reprs against what PyTorch
 * 1.13 prints, one hand-computed value per module on the engine and the reference, the refusals'
 * messages, Embedding's max_norm writing the weight, and its gradient inside another module's
 * autograd. The numbers against PyTorch are the cases in parity-tests/cases/dense_*.
 */
class DenseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ModuleSpec parse(String module, String args) {
    try {
      return Layers.parse(module, JSON.readTree(args), List.of(), DType.FLOAT32);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static EmbeddingSpec embedding(
      int rows, int dim, Integer padding, Double maxNorm, boolean scale) {
    return new EmbeddingSpec(rows, dim, padding, maxNorm, 2.0, scale, false, DType.FLOAT64);
  }

  // ------------------------------------------------------------------ reprs

  @Test
  void reprsAreWhatPyTorchPrints() {
    // Each expected string was printed by PyTorch 1.13: print(nn.<Module>(...)).
    assertThat(LinearSpec.of(3, 4).repr())
        .isEqualTo("Linear(in_features=3, out_features=4, bias=True)");
    assertThat(new LinearSpec(3, 4, false, DType.FLOAT32).repr())
        .isEqualTo("Linear(in_features=3, out_features=4, bias=False)");
    assertThat(parse("Identity", "{\"a\": 4, \"unused\": \"x\"}").repr()).isEqualTo("Identity()");
    assertThat(EmbeddingSpec.of(5, 3).repr()).isEqualTo("Embedding(5, 3)");
    assertThat(
            parse(
                    "Embedding",
                    "{\"num_embeddings\": 5, \"embedding_dim\": 3, \"padding_idx\": -1,"
                        + " \"max_norm\": 1.0, \"norm_type\": 3.0, \"scale_grad_by_freq\": true,"
                        + " \"sparse\": true}")
                .repr())
        .isEqualTo(
            "Embedding(5, 3, padding_idx=4, max_norm=1.0, norm_type=3.0,"
                + " scale_grad_by_freq=True, sparse=True)");
    assertThat(
            parse("Embedding", "{\"num_embeddings\": 5, \"embedding_dim\": 3, \"norm_type\": 2.5}")
                .repr())
        .isEqualTo("Embedding(5, 3, norm_type=2.5)");
    // Python's repr(float) for max_norm: print(nn.Embedding(2, 2, max_norm=v)).
    Map<Double, String> floats = new LinkedHashMap<>();
    floats.put(1e-05, "1e-05");
    floats.put(1e16, "1e+16");
    floats.put(0.1, "0.1");
    floats.put(123456789.0, "123456789.0");
    floats.put(2.5e-07, "2.5e-07");
    floats.put(1.0 / 3, "0.3333333333333333");
    floats.put(1e15, "1000000000000000.0");
    floats.put(0.0001, "0.0001");
    floats.forEach(
        (v, text) ->
            assertThat(new EmbeddingSpec(2, 2, null, v, 2.0, false, false, DType.FLOAT32).repr())
                .isEqualTo("Embedding(2, 2, max_norm=" + text + ")"));
    assertThat(FlattenSpec.of().repr()).isEqualTo("Flatten(start_dim=1, end_dim=-1)");
    assertThat(new FlattenSpec(0, 2, DType.FLOAT32).repr())
        .isEqualTo("Flatten(start_dim=0, end_dim=2)");
    assertThat(UnflattenSpec.of(1, 2, 3).repr())
        .isEqualTo("Unflatten(dim=1, unflattened_size=[2, 3])");
  }

  @Test
  void aNamedNestedTreePrintsAsPyTorchPrintsIt() {
    // print(nn.Sequential(OrderedDict([('flatten', nn.Flatten()), ('fc', nn.Linear(12, 5)),
    //   ('body', nn.Sequential(nn.Identity(), nn.Unflatten(1, [5, 1]))),
    //   ('embed', nn.Embedding(4, 2, padding_idx=0))]))) in PyTorch 1.13:
    String expected =
        "Sequential(\n  (flatten): Flatten(start_dim=1, end_dim=-1)\n  (fc): Linear(in_features=12,"
            + " out_features=5, bias=True)\n  (body): Sequential(\n    (0): Identity()\n    (1):"
            + " Unflatten(dim=1, unflattened_size=[5, 1])\n  )\n  (embed): Embedding(4, 2,"
            + " padding_idx=0)\n)";
    Map<String, Module> children = new LinkedHashMap<>();
    children.put("flatten", Flatten.of());
    children.put("fc", Linear.of(12, 5));
    children.put("body", Sequential.of(Identity.of(), Unflatten.of(1, 5, 1)));
    children.put(
        "embed",
        Embedding.of(
            new EmbeddingSpec(4, 2, 0, null, 2.0, false, false, DType.FLOAT32), DeviceSpec.CPU));
    try (Sequential tree = Sequential.of(children)) {
      assertThat(tree.toString()).isEqualTo(expected);
      assertThat(tree.stateDict().keySet()).containsExactly("fc.weight", "fc.bias", "embed.weight");
    }
  }

  // ------------------------------------------------------------------ hand-computed values

  @Test
  void linearComputesByHandOnTheEngineAndTheReference() {
    // W = [[1, 2], [3, 4]], b = [0.5, -1], x = [1, -1]:
    // y = [1*1 + 2*(-1) + 0.5, 3*1 + 4*(-1) - 1] = [-0.5, -2].
    // With g = [1, 1]: grad_input = W^T g = [1 + 3, 2 + 4] = [4, 6];
    // grad_weight = g x^T = [[1, -1], [1, -1]]; grad_bias = g = [1, 1].
    LinearSpec spec = new LinearSpec(2, 2, true, DType.FLOAT64);
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", Tensor.of(new int[] {2, 2}, new double[] {1, 2, 3, 4}));
    state.put("bias", Tensor.of(new int[] {2}, new double[] {0.5, -1}));
    Tensor x = Tensor.of(new int[] {2}, new double[] {1, -1});
    Tensor g = Tensor.of(new int[] {2}, new double[] {1, 1});
    try (Linear linear = Linear.of(spec, DeviceSpec.CPU)) {
      linear.loadStateDict(state);
      assertThat(linear.forward(x).toDoubleArray()).containsExactly(-0.5, -2);
      Gradients grads = linear.backward(x, g);
      assertThat(grads.gradInput().toDoubleArray()).containsExactly(4, 6);
      assertThat(grads.grad("weight").toDoubleArray()).containsExactly(1, -1, 1, -1);
      assertThat(grads.grad("bias").toDoubleArray()).containsExactly(1, 1);
    }
    ReferenceLinear reference = new ReferenceLinear(spec);
    assertThat(reference.forward(state, x).toDoubleArray()).containsExactly(-0.5, -2);
    assertThat(reference.backward(state, x, g).grad("weight").toDoubleArray())
        .containsExactly(1, -1, 1, -1);
  }

  @Test
  void embeddingLooksUpRowsAndScalesGradientsByFrequencyExceptThePaddingRow() {
    // weight rows r0 = [0, 1], r1 = [2, 3], r2 = [4, 5], r3 = [6, 7]; indices [1, 1, 3, 2]
    // give [[2, 3], [2, 3], [6, 7], [4, 5]].
    // grad_output all ones, scale_grad_by_freq, padding_idx 3: index 1 occurs twice, so
    // grad_weight[1] = (1 + 1) / 2 = 1 per value; index 2 once: 1; row 3 (padding) 0; row 0 0.
    EmbeddingSpec spec = embedding(4, 2, 3, null, true);
    Map<String, Tensor> state =
        Map.of("weight", Tensor.of(new int[] {4, 2}, new double[] {0, 1, 2, 3, 4, 5, 6, 7}));
    Tensor indices = Tensor.ofLongs(new int[] {4}, new long[] {1, 1, 3, 2});
    Tensor ones = Tensor.ones(DType.FLOAT64, 4, 2);
    double[] rows = {2, 3, 2, 3, 6, 7, 4, 5};
    double[] gradWeight = {0, 0, 1, 1, 1, 1, 0, 0};
    try (Embedding module = Embedding.of(spec, DeviceSpec.CPU)) {
      module.loadStateDict(state);
      assertThat(module.forward(indices).toDoubleArray()).containsExactly(rows);
      Gradients grads = module.backward(indices, ones);
      assertThat(grads.gradInput()).as("indices have no gradient").isNull();
      assertThat(grads.grad("weight").toDoubleArray()).containsExactly(gradWeight);
    }
    ReferenceEmbedding reference = new ReferenceEmbedding(spec);
    assertThat(reference.forward(state, indices).toDoubleArray()).containsExactly(rows);
    assertThat(reference.backward(state, indices, ones).grad("weight").toDoubleArray())
        .containsExactly(gradWeight);
  }

  @Test
  void maxNormRenormalisesTheLookedUpRowsOfTheWeightInPlace() {
    // Row 0 = [3, 4] has 2-norm 5 > max_norm 1: it becomes [3, 4] * 1 / (5 + 1e-7)
    // = [0.59999998800000024, 0.79999998400000032] (double arithmetic); row 1 = [0.3, 0.4]
    // (norm 0.5) stays; row 2 = [6, 8] is not looked up and stays.
    EmbeddingSpec spec = embedding(3, 2, null, 1.0, false);
    double scale = 1 / (5 + 1e-7);
    Map<String, Tensor> state =
        Map.of("weight", Tensor.of(new int[] {3, 2}, new double[] {3, 4, 0.3, 0.4, 6, 8}));
    Tensor indices = Tensor.ofLongs(new int[] {2}, new long[] {0, 1});
    double[] expected = {3 * scale, 4 * scale, 0.3, 0.4};
    try (Embedding module = Embedding.of(spec, DeviceSpec.CPU)) {
      module.loadStateDict(state);
      module.backward(indices, Tensor.ones(DType.FLOAT64, 2, 2));
      assertThat(module.get("weight").toDoubleArray())
          .as("a backward call leaves the weight as it was")
          .containsExactly(3, 4, 0.3, 0.4, 6, 8);
      assertThat(module.forward(indices).toDoubleArray()).containsExactly(expected);
      assertThat(module.get("weight").toDoubleArray())
          .as("the forward pass wrote the renormalised row back, as PyTorch's does")
          .containsExactly(3 * scale, 4 * scale, 0.3, 0.4, 6, 8);
    }
    assertThat(new ReferenceEmbedding(spec).forward(state, indices).toDoubleArray())
        .containsExactly(expected);
  }

  @Test
  void shapeModulesMoveValuesUnchanged() {
    // Flatten (2, 3, 2) -> (2, 6) and Unflatten(1, [2, -1]) (2, 6) -> (2, 2, 3) keep the row-major
    // values 0..11; Identity returns them as they are.
    double[] values = new double[12];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    Tensor x = Tensor.of(new int[] {2, 3, 2}, values);
    try (Flatten flatten = Flatten.of(new FlattenSpec(1, -1, DType.FLOAT64), DeviceSpec.CPU);
        Unflatten unflatten =
            Unflatten.of(new UnflattenSpec(1, List.of(2, -1), DType.FLOAT64), DeviceSpec.CPU);
        Identity identity = Identity.of(new IdentitySpec(DType.FLOAT64), DeviceSpec.CPU)) {
      Tensor flat = flatten.forward(x);
      assertThat(flat.shape()).containsExactly(2, 6);
      assertThat(flat.toDoubleArray()).containsExactly(values);
      Tensor split = unflatten.forward(flat);
      assertThat(split.shape()).containsExactly(2, 2, 3);
      assertThat(split.toDoubleArray()).containsExactly(values);
      assertThat(identity.forward(x).toDoubleArray()).containsExactly(values);
      assertThat(flatten.backward(x, flat).gradInput().shape()).containsExactly(2, 3, 2);
    }
  }

  @Test
  void aTreeStartingWithAnEmbeddingTakesIndicesThroughEveryEntryPoint() {
    try (Sequential tree =
        Sequential.of(
            Embedding.of(5, 2),
            Flatten.of(new FlattenSpec(0, -1, DType.FLOAT32), DeviceSpec.CPU))) {
      assertThat(tree.spec().inputDType()).isEqualTo(DType.INT64);
      Tensor indices = Tensor.ofLongs(new int[] {3}, new long[] {4, 0, 4});
      Tensor y = tree.forward(indices);
      assertThat(y.shape()).containsExactly(6);
      Tensor w = tree.get("0.weight");
      assertThat(y.toFloatArray())
          .containsExactly(
              (float) w.get(4, 0),
              (float) w.get(4, 1),
              (float) w.get(0, 0),
              (float) w.get(0, 1),
              (float) w.get(4, 0),
              (float) w.get(4, 1));
      assertThatThrownBy(() -> tree.forward(new float[] {1, 2}, 2))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("int64");
    }
  }

  // ------------------------------------------------------------------ gradients inside a custom
  // forward

  /** A module whose forward calls an Embedding: its backward is libtorch's autograd of it all. */
  private static final class Wrapper extends Module {
    private final Embedding inner;

    Wrapper(Embedding inner) {
      super(inner.spec(), DeviceSpec.CPU);
      this.inner = registerModule("inner", inner);
    }

    @Override
    protected NDArray compute(NDArray input) {
      return inner.call(input);
    }
  }

  @Test
  void insideAnotherModulesAutogradTheEmbeddingGradientIsStillMaskedAndScaled() {
    EmbeddingSpec spec = new EmbeddingSpec(5, 3, 1, 1.5, 2.0, true, false, DType.FLOAT64);
    Tensor indices = Tensor.ofLongs(new int[] {2, 3}, new long[] {1, 2, 2, 4, 1, 2});
    Tensor g =
        org.torchparity.parity.EngineReferenceGrid.normal(
            new java.util.SplittableRandom(7), DType.FLOAT64, 2, 3, 3);
    try (Embedding own = Embedding.of(spec, DeviceSpec.CPU);
        Wrapper wrapped = new Wrapper(Embedding.of(spec, DeviceSpec.CPU))) {
      wrapped.loadStateDict(Map.of("inner.weight", own.get("weight")));
      Tensor expected = own.backward(indices, g).grad("weight");
      Tensor actual = wrapped.backward(indices, g).grad("inner.weight");
      assertThat(actual.toDoubleArray()).containsExactly(expected.toDoubleArray());
      assertThat(wrapped.forward(indices).toDoubleArray())
          .containsExactly(own.forward(indices).toDoubleArray());
    }
  }

  // ------------------------------------------------------------------ initialisation

  @Test
  void aSmallFloat64TableDiffersFromPyTorch113ByTheLastBitOnly() {
    // PyTorch 1.13: torch.manual_seed(3); nn.Embedding(3, 2, dtype=torch.float64).weight
    // printed with repr() per value. Fewer than 16 values take the one-by-one Box-Muller path,
    // where 1.13 uses log(1 - u) and libtorch 2.7.1 log1p(-u): torch-parity draws 2.7.1's.
    double[] torch113 = {
      0.8032760780963506, 0.17483339327910355, 0.08897809502587893,
      -0.6137180077293578, 0.04618245168476013, -1.3682591776659838
    };
    EmbeddingSpec spec = new EmbeddingSpec(3, 2, null, null, 2.0, false, false, DType.FLOAT64);
    double[] ours;
    try (Embedding module = Module.manualSeed(3, () -> Embedding.of(spec, DeviceSpec.CPU))) {
      ours = module.get("weight").toDoubleArray();
    }
    boolean anyDiffers = false;
    for (int i = 0; i < ours.length; i++) {
      assertThat(Math.abs(ours[i] - torch113[i])).isLessThanOrEqualTo(Math.ulp(torch113[i]));
      anyDiffers |= ours[i] != torch113[i];
    }
    assertThat(anyDiffers).as("the documented 1.13 vs 2.7.1 difference").isTrue();
  }

  @Test
  void thePaddingRowStartsAtZeroAndLinearWithoutInputsDrawsAZeroBias() {
    EmbeddingSpec spec = new EmbeddingSpec(4, 3, -1, null, 2.0, false, false, DType.FLOAT32);
    try (Embedding module = Module.manualSeed(1, () -> Embedding.of(spec, DeviceSpec.CPU))) {
      Tensor w = module.get("weight");
      for (int d = 0; d < 3; d++) {
        assertThat(w.get(3, d)).isZero();
        assertThat(w.get(0, d)).isNotZero();
      }
    }
    try (Linear linear = Linear.of(new LinearSpec(0, 3, true, DType.FLOAT32), DeviceSpec.CPU)) {
      assertThat(linear.get("weight").shape()).containsExactly(3, 0);
      assertThat(linear.get("bias").toDoubleArray()).containsExactly(0, 0, 0);
    }
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void badArgumentsAreRefusedNamingTheArgument() {
    assertRefused(() -> new LinearSpec(-1, 3, true, DType.FLOAT32), "in_features", "-1");
    assertRefused(
        () -> LinearSpec.of(3, 4).outputShape(new int[] {2, 5}),
        "input",
        "mat1 and mat2 shapes cannot be multiplied (2x5 and 3x4)");
    assertRefused(() -> LinearSpec.of(3, 4).outputShape(new int[0]), "input", "0-d");
    assertRefused(() -> embedding(5, 3, 5, null, false), "padding_idx", "[-5, 4]");
    assertRefused(() -> embedding(5, 3, -6, null, false), "padding_idx", "-6");
    assertRefused(() -> embedding(-1, 3, null, null, false), "num_embeddings", "-1");
    assertRefused(() -> embedding(0, 3, 0, null, false), "padding_idx", "empty table");
    assertRefused(
        () -> FlattenSpec.of().outputShape(new int[] {5}),
        "start_dim",
        "expected to be in range of [-1, 0], but got 1");
    assertRefused(
        () -> new FlattenSpec(2, 1, DType.FLOAT32).outputShape(new int[] {2, 3, 4}),
        "start_dim",
        "start_dim cannot come after end_dim");
    assertRefused(
        () -> UnflattenSpec.of(1, -1, -1).outputShape(new int[] {4, 6}),
        "unflattened_size",
        "only one dimension can be inferred");
    assertRefused(
        () -> UnflattenSpec.of(1, 2, 2).outputShape(new int[] {4, 6}),
        "unflattened_size",
        "don't multiply up to the size of dim 1 (6)");
    assertRefused(
        () -> UnflattenSpec.of(1, 0, -1).outputShape(new int[] {4, 0}),
        "unflattened_size",
        "ambiguous");
    assertRefused(
        () -> UnflattenSpec.of(0, 1).outputShape(new int[0]), "dim", "tensor has no dimensions");
    assertRefused(() -> parse("Linear", "{\"out_features\": 3}"), "in_features", "missing");
    assertRefused(
        () -> parse("Linear", "{\"in_features\": 3, \"out_features\": 3, \"bais\": true}"),
        "bais",
        "unexpected keyword argument 'bais'");
    assertRefused(
        () -> parse("Embedding", "{\"num_embeddings\": 3, \"embedding_dim\": 2, \"_weight\": 1}"),
        "_weight",
        "loadStateDict");
    assertRefused(
        () -> parse("Unflatten", "{\"dim\": 1, \"unflattened_size\": 3}"),
        "unflattened_size",
        "found type int");
    assertRefused(
        () -> parse("Unflatten", "{\"dim\": \"x\", \"unflattened_size\": [2]}"),
        "dim",
        "named-tensor");
  }

  @Test
  void anIndexOutsideTheTableIsRefusedNamingIt() {
    try (Embedding module = Embedding.of(4, 2)) {
      for (long bad : new long[] {4, -1}) {
        assertRefused(
            () -> module.forward(Tensor.ofLongs(new int[] {2}, new long[] {0, bad})),
            "input",
            "holds " + bad + " (PyTorch: index out of range in self)");
        assertRefused(
            () ->
                module.backward(
                    Tensor.ofLongs(new int[] {1}, new long[] {bad}),
                    Tensor.zeros(DType.FLOAT32, 1, 2)),
            "input",
            "holds " + bad);
      }
      assertRefused(() -> module.forward(Tensor.zeros(DType.FLOAT32, 2)), "input", "must be int64");
    }
    EmbeddingSpec spec = embedding(4, 2, null, 1.0, false);
    assertRefused(
        () ->
            new ReferenceEmbedding(spec)
                .forward(
                    Map.of("weight", Tensor.zeros(DType.FLOAT64, 4, 2)),
                    Tensor.ofLongs(new int[] {1}, new long[] {9})),
        "input",
        "holds 9");
  }

  private static void assertRefused(Runnable call, String argument, String text) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo(argument))
        .hasMessageContaining(text);
  }
}
