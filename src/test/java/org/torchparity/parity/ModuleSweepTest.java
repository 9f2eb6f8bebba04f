package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.engine.TorchEngine;
import org.torchparity.examples.SkipsLastChildKernel;
import org.torchparity.io.CaseReader;
import org.torchparity.io.CaseWriter;
import org.torchparity.io.ParityCase;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.SequentialSpec;
import org.torchparity.spec.Tensor;

/**
 * The sweep typed on the module description: ReLU and Sequential configurations drawn from their
 * {@link ConfigSource}s in {@link Layers}, checked engine against reference, and a broken
 * Sequential kernel caught and shrunk.
 */
class ModuleSweepTest {
  private static final long SEED = 20261130L;

  private static ConfigurationGenerator generator(String... layers) {
    return new ConfigurationGenerator(
        List.of(layers), EnumSet.copyOf(DType.floatingTypes()), 3, 12);
  }

  private static String libtorch() {
    return TorchEngine.get().info().libtorchVersion();
  }

  @Test
  void theReferenceAgreesWithTheEngineOnReluAndSequentialConfigurations() {
    Sweep sweep =
        new Sweep(
            new ReferenceKernel(),
            new EngineKernel(),
            libtorch(),
            null,
            generator("ReLU", "Sequential"));

    SweepReport report = sweep.run(SEED, 300, new Sweep.Listener() {});

    System.out.print("engine vs reference, ReLU and Sequential:\n" + report.summaryTable());
    assertThat(report.failed())
        .as(report.summaryTable() + (report.shrunk() == null ? "" : report.shrunk().smallest()))
        .isZero();
    assertThat(report.skipped()).isZero();
    List<SweepCase> cases = report.results().stream().map(SweepResult::sweepCase).toList();
    assertThat(cases.stream().map(c -> c.spec().typeName()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("ReLU", "Sequential");
    assertThat(cases.stream().map(c -> c.spec().dtype()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(DType.floatingTypes());
    // ReLU on every rank from 1 to 3; chains of 2, 3 and 4 children, with both convolutions.
    assertThat(
            cases.stream()
                .filter(c -> c.spec() instanceof ReluSpec)
                .map(c -> c.inputShape().length)
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(1, 2, 3);
    List<SequentialSpec> trees =
        cases.stream()
            .filter(c -> c.spec() instanceof SequentialSpec)
            .map(c -> (SequentialSpec) c.spec())
            .toList();
    assertThat(trees.stream().map(t -> t.children().size()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(2, 3, 4);
    Set<String> leaves =
        trees.stream()
            .flatMap(t -> t.children().stream())
            .map(ch -> ch.spec().typeName())
            .collect(Collectors.toSet());
    assertThat(leaves).containsExactlyInAnyOrder("Conv1d", "ConvTranspose1d", "ReLU");
    // The state follows Layers.parameterShapes: one tensor per parameter of every child.
    for (SweepCase c : cases.subList(0, 20)) {
      assertThat(c.data().state().keySet())
          .containsExactlyElementsOf(Layers.parameterShapes(c.spec()).keySet());
    }
  }

  @Test
  void everyLayerWithAConfigurationSourceIsDrawnByAllLayers() {
    ConfigurationGenerator all = ConfigurationGenerator.allLayers();
    assertThat(all.layers())
        .startsWith("Conv1d", "ConvTranspose1d", "ReLU", "Sequential")
        .containsExactlyElementsOf(Layers.sweepable());
    Set<String> drawn =
        LongStream.range(0, 600)
            .mapToObj(i -> SweepCase.draw(all, i).spec().typeName())
            .collect(Collectors.toSet());
    assertThat(drawn).containsExactlyInAnyOrderElementsOf(all.layers());
  }

  @Test
  void aSequentialKernelThatSkipsItsLastChildIsCaughtAndShrunk(@TempDir Path dir) throws Exception {
    SkipsLastChildKernel broken = new SkipsLastChildKernel();
    Sweep sweep = new Sweep(broken, new EngineKernel(), libtorch(), null, generator("Sequential"));

    SweepReport report = sweep.run(SEED, 30, new Sweep.Listener() {});

    assertThat(report.failed()).isPositive();
    ShrunkFailure shrunk = report.shrunk();
    assertThat(shrunk).isNotNull();
    SweepCase first = shrunk.first().sweepCase();
    SweepCase smallest = shrunk.smallest();
    System.out.println("shrunk " + first + "\n  to " + smallest);
    assertThat(shrunk.steps()).isPositive();
    assertThat(sweep.fails(smallest)).isTrue();
    // Smaller: no more children, no more input values, and strictly less of one of them.
    int firstChildren = first.spec().children().size();
    int smallestChildren = smallest.spec().children().size();
    long firstValues = Tensor.numel(first.inputShape());
    long smallestValues = Tensor.numel(smallest.inputShape());
    assertThat(smallestChildren).isBetween(1, firstChildren);
    assertThat(smallestValues).isLessThanOrEqualTo(firstValues);
    assertThat(smallestChildren < firstChildren || smallestValues < firstValues).isTrue();
    // Every convolution left is at its smallest: 1 channel in and out, kernel 1, defaults.
    for (ModuleSpec.NamedSpec child : smallest.spec().children()) {
      if (child.spec() instanceof ConvSpec conv) {
        assertThat(conv.inChannels()).isEqualTo(1);
        assertThat(conv.kernelSize()).isEqualTo(1);
        assertThat(conv.stride()).isEqualTo(1);
        assertThat(conv.dilation()).isEqualTo(1);
      }
    }
    assertThat(smallest.spec().dtype()).isEqualTo(DType.FLOAT32);
    assertThat(shrunk.hasJavaSnippet()).isFalse();
    assertThat(shrunk.javaSnippet()).contains("No Java reproduction for Sequential");

    // The case file: format 2, the tree as children nodes, the state, read back as written; the
    // engine passes it and the broken kernel fails it.
    Path file = dir.resolve("smallest.json");
    CaseWriter.write(file, shrunk.toCase());
    ParityCase c = new CaseReader().read(file);
    assertThat(c.module()).isEqualTo("Sequential");
    assertThat(c.children()).hasSize(smallestChildren);
    assertThat(Layers.spec(c)).isEqualTo(smallest.spec());
    assertThat(c.state()).isEqualTo(smallest.data().state());
    assertThat(c.input()).isEqualTo(smallest.data().input());
    assertThat(c.output()).isEqualTo(shrunk.baselineOutput());
    CaseResult replay = new CaseChecker(List.of(new EngineKernel(), broken), null).check(c);
    assertThat(replay.status()).isEqualTo(CaseResult.Status.FAIL);
    assertThat(replay.comparisons().get("engine").get("output").passed()).isTrue();
    assertThat(replay.comparisons().get("skips-last-child").get("output").passed()).isFalse();
  }

  @Test
  void aFailureThatNeedsOnlyAConvTransposeShrinksTheTreeToIt() {
    // Fails whenever the tree holds a ConvTranspose1d: the shrinker drops every other child, takes
    // the ConvTranspose1d to 1 channel in and out, kernel 1 and its defaults, float32, magnitudes
    // 1, a batch of 0 (nothing else is needed) and length 1: (1 - 1) * 1 + 1 = 1 output.
    Predicate<SweepCase> fails =
        c ->
            c.spec().children().stream()
                .anyMatch(ch -> ch.spec() instanceof ConvSpec s && s.transposed());
    ConfigurationGenerator trees = generator("Sequential");
    List<SweepCase> starts =
        LongStream.range(0, 40)
            .mapToObj(i -> SweepCase.draw(trees, 500 + i))
            .filter(fails)
            .toList();
    assertThat(starts).hasSizeGreaterThan(5);
    for (SweepCase start : starts) {
      for (SweepCase next : Shrinker.simplifications(start)) {
        next.spec().outputShape(next.inputShape());
        assertThat(next.scalesAllowed()).as("%s", next).isTrue();
        assertThat(next.dataSeed()).isEqualTo(start.dataSeed());
        assertThat(next).isNotEqualTo(start);
      }
      SweepCase smallest = new Shrinker(fails, 10_000).shrink(start).smallest();
      assertThat(smallest.spec())
          .as("from %s", start)
          .isEqualTo(SequentialSpec.of(ConvSpec.convTranspose1d(1, 1, 1).build()));
      assertThat(smallest.inputShape()).containsExactly(0, 1, 1);
      assertThat(smallest.inputScale()).isEqualTo(1.0);
      assertThat(smallest.weightScale()).isEqualTo(1.0);
    }
  }
}
