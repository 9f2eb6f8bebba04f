package org.torchparity.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelCasesTest {
  /** Each model at the smallest input its pooling chain takes, batch 2. */
  private static final Map<String, int[]> TINY =
      Map.of(
          "model-audio", new int[] {2, 1, 6848},
          "model-resnet", new int[] {2, 12, 16},
          "model-separation", new int[] {2, 1, 64});

  static List<String> names() {
    return BenchCase.MODELS.stream().map(BenchCase::name).toList();
  }

  @Test
  void theModelCasesAreListedByTheirFixedNames() {
    assertThat(names()).containsExactly("model-audio", "model-resnet", "model-separation");
    assertThat(BenchCase.parse("models")).isEqualTo(BenchCase.MODELS);
    assertThat(BenchCase.parse("model-audio,tiny"))
        .extracting(BenchCase::name)
        .containsExactly("tiny", "model-audio");
    // "all" stays the seven layer cases, so that existing runs compare.
    assertThat(BenchCase.parse("all")).doesNotContainAnyElementsOf(BenchCase.MODELS);
    assertThatThrownBy(() -> BenchCase.parse("model-huge")).hasMessageContaining("model-audio");
  }

  @ParameterizedTest
  @MethodSource("names")
  void facadeNdarrayAndReferenceAgreeWithTheFacade(String name) {
    BenchCase full = BenchCase.parse(name).get(0);
    BenchCase c = new BenchCase(name, full.spec(), TINY.get(name), false, "tiny " + name);
    try (Workload facade = Impl.FACADE.prepare(c);
        Workload ndarray = Impl.FACADE_NDARRAY.prepare(c);
        Workload reference = Impl.REFERENCE.prepare(c)) {
      float[] expected = facade.output();
      assertThat(expected).hasSize((int) org.torchparity.spec.Tensor.numel(c.outputShape()));
      float[] native_ = ndarray.output();
      ModelCases.check(c, "facade-ndarray", expected, native_);
      float[] ref = reference.output();
      // The reference runs the first sample only (batch 1).
      assertThat(ref).hasSize(expected.length / c.inputShape()[0]);
      ModelCases.check(c, "reference", expected, ref);
    }
  }

  @Test
  void theTorchScriptTraceOfTheSameWeightsAgreesWithTheFacade() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/python3")),
        "the torchscript implementation traces with /usr/bin/python3's PyTorch, absent here");
    BenchCase full = BenchCase.parse("model-separation").get(0);
    BenchCase c =
        new BenchCase(full.name(), full.spec(), TINY.get(full.name()), false, "tiny separation");
    Path script = Files.createTempFile("bench_torch", ".py");
    try (InputStream in = BenchRun.class.getResourceAsStream(BenchRun.SCRIPT)) {
      Files.write(script, in.readAllBytes());
    }
    try (Workload facade = Impl.FACADE.prepare(c);
        Workload traced = TorchScriptImpl.prepare(c, "/usr/bin/python3", script)) {
      ModelCases.check(c, "torchscript", facade.output(), traced.output());
    } finally {
      Files.deleteIfExists(script);
    }
    assertThatThrownBy(
            () ->
                TorchScriptImpl.prepare(BenchCase.parse("tiny").get(0), "/usr/bin/python3", script))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("model-* cases only");
  }

  @Test
  void aMismatchFailsLoudlyNamingTheImplementation() {
    BenchCase c = BenchCase.parse("model-audio").get(0);
    float[] expected = {1f, 2f, 3f};
    assertThatThrownBy(() -> ModelCases.check(c, "python", expected, new float[] {1f, 2.01f, 3f}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("python")
        .hasMessageContaining("flat index 1");
    assertThatThrownBy(() -> ModelCases.check(c, "python", expected, new float[0]))
        .hasMessageContaining("0 values");
  }
}
