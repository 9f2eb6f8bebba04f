package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.torchparity.io.CaseWriter;
import org.torchparity.spec.DType;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.FlattenSpec;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.SequentialSpec;
import org.torchparity.spec.Tensor;

/**
 * The dense family's seeded engine-vs-reference grid: configurations of Identity, Linear,
 * Embedding, Flatten, Unflatten and small named Sequential heads (one starting with an Embedding)
 * from {@link DenseConfigs}, random normal states and inputs (uniform indices for an Embedding),
 * forward and backward compared by {@link EngineReferenceGrid#assertAgree}. Prints the largest
 * difference per module and dtype.
 */
class DenseGridTest {
  private static final long SEED = 20261201L;
  private static final int CALLS_PER_SOURCE = 40;
  private static final ConfigSource.Bounds BOUNDS = new ConfigSource.Bounds(3, 6);

  @Test
  void theEngineAndTheReferenceAgreeOnDrawnDenseConfigurations() {
    Map<String, ConfigSource> sources = new LinkedHashMap<>();
    sources.put("Identity", DenseConfigs::identity);
    sources.put("Linear", DenseConfigs::linear);
    sources.put("Embedding", DenseConfigs::embedding);
    sources.put("Flatten", DenseConfigs::flatten);
    sources.put("Unflatten", DenseConfigs::unflatten);
    sources.put("Sequential head", DenseConfigs::head);
    sources.put("Sequential embedding", DenseGridTest::embeddingHead);
    SplittableRandom random = new SplittableRandom(SEED);
    Map<String, Double> worst = new TreeMap<>();
    int calls = 0;
    for (Map.Entry<String, ConfigSource> source : sources.entrySet()) {
      for (int i = 0; i < CALLS_PER_SOURCE; i++) {
        DType dtype = random.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        Configuration c = source.getValue().draw(random, dtype, BOUNDS);
        ModuleSpec spec = c.spec();
        Map<String, Tensor> state = new LinkedHashMap<>();
        Layers.parameterShapes(spec)
            .forEach(
                (key, shape) -> state.put(key, EngineReferenceGrid.normal(random, dtype, shape)));
        Tensor input = input(random, spec, c.inputShape());
        Tensor gradOutput =
            EngineReferenceGrid.normal(random, dtype, spec.outputShape(c.inputShape()));
        ModuleCall call = new ModuleCall(spec, state, input, random.nextBoolean(), null);
        double error = EngineReferenceGrid.assertAgree(call, gradOutput);
        worst.merge(source.getKey() + " " + dtype.torchName(), error, Math::max);
        calls++;
      }
    }
    StringBuilder table = new StringBuilder("dense grid, largest |engine - reference|:\n");
    worst.forEach((key, e) -> table.append(String.format("  %-32s %.3g%n", key, e)));
    System.out.print(table);
    assertThat(calls).isEqualTo(sources.size() * CALLS_PER_SOURCE);
    assertThat(worst.keySet()).as("every module drawn in both dtypes").hasSize(2 * sources.size());
  }

  @Test
  void everyDrawnSpecWritesArgumentsThatParseBackToItself() {
    SplittableRandom random = new SplittableRandom(SEED + 1);
    List<ConfigSource> sources =
        List.of(
            DenseConfigs::identity,
            DenseConfigs::linear,
            DenseConfigs::embedding,
            DenseConfigs::flatten,
            DenseConfigs::unflatten,
            DenseConfigs::head,
            DenseGridTest::embeddingHead);
    for (ConfigSource source : sources) {
      for (int i = 0; i < 50; i++) {
        DType dtype = random.nextBoolean() ? DType.FLOAT32 : DType.FLOAT64;
        ModuleSpec spec = source.draw(random, dtype, BOUNDS).spec();
        ModuleSpec parsed =
            Layers.parse(spec.typeName(), CaseWriter.args(spec), CaseWriter.children(spec), dtype);
        assertThat(parsed).as(spec.repr()).isEqualTo(spec);
        assertThat(parsed.repr()).isEqualTo(spec.repr());
      }
    }
  }

  /** Indices in range for a tree or layer taking them, else a standard normal input. */
  private static Tensor input(SplittableRandom random, ModuleSpec spec, int[] shape) {
    if (spec.inputDType() != DType.INT64) {
      return EngineReferenceGrid.normal(random, spec.dtype(), shape);
    }
    ModuleSpec first = spec;
    while (!first.children().isEmpty()) {
      first = first.children().get(0).spec();
    }
    int rows = ((EmbeddingSpec) first).numEmbeddings();
    long[] indices = new long[Math.toIntExact(Tensor.numel(shape))];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = random.nextInt(rows);
    }
    return Tensor.ofLongs(shape, indices);
  }

  /** {@code Sequential(embed=Embedding(...), flatten=Flatten(), fc=Linear(L * E, out))}. */
  private static Configuration embeddingHead(
      SplittableRandom random, DType dtype, ConfigSource.Bounds bounds) {
    Configuration embedding = DenseConfigs.embedding(random, dtype, bounds);
    EmbeddingSpec e = (EmbeddingSpec) embedding.spec();
    int batch = random.nextInt(bounds.maxBatch() + 1);
    int length = 1 + random.nextInt(4);
    SequentialSpec spec =
        new SequentialSpec(
            List.of(
                new ModuleSpec.NamedSpec("embed", e),
                new ModuleSpec.NamedSpec("flatten", new FlattenSpec(1, -1, dtype)),
                new ModuleSpec.NamedSpec(
                    "fc",
                    new LinearSpec(
                        length * e.embeddingDim(), 1 + random.nextInt(3), true, dtype))));
    return new Configuration(spec, new int[] {batch, length});
  }
}
