package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.engine.TorchEngine;
import org.torchparity.io.CaseReader;
import org.torchparity.io.CaseWriter;
import org.torchparity.io.ParityCase;
import org.torchparity.spec.DType;
import org.torchparity.spec.GeluSpec;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.Tensor;

/**
 * The sweep and its shrinker on a module of the layer family: a kernel that always computes GELU's
 * tanh approximation is caught on {@code approximate='none'} configurations, the failure is shrunk
 * to a smaller input, and the shrunk case is written (through the spec's {@code arguments()}), read
 * back as the same spec, passed by the engine and failed by the kernel.
 */
class FamilySweepShrinkTest {

  /** GELU with the wrong formula whenever {@code approximate='none'}. */
  static final class AlwaysTanhGelu implements ParityKernel {
    private final EngineKernel engine = new EngineKernel();

    @Override
    public String name() {
      return "always-tanh-gelu";
    }

    @Override
    public boolean supports(ModuleSpec spec) {
      return spec instanceof GeluSpec;
    }

    @Override
    public Tensor forward(ModuleSpec spec, Map<String, Tensor> state, Tensor input) {
      GeluSpec gelu = (GeluSpec) spec;
      return engine.forward(new GeluSpec("tanh", gelu.dtype()), state, input);
    }
  }

  @Test
  void aWrongGeluIsCaughtShrunkAndWrittenAsACase(@TempDir Path dir) throws Exception {
    AlwaysTanhGelu broken = new AlwaysTanhGelu();
    Sweep sweep =
        new Sweep(
            broken,
            new EngineKernel(),
            TorchEngine.get().info().libtorchVersion(),
            null,
            new ConfigurationGenerator(
                List.of("GELU"), EnumSet.copyOf(DType.floatingTypes()), 3, 12));

    SweepReport report = sweep.run(20261130L, 40, new Sweep.Listener() {});

    assertThat(report.failed()).isPositive();
    ShrunkFailure shrunk = report.shrunk();
    assertThat(shrunk).isNotNull();
    SweepCase first = shrunk.first().sweepCase();
    SweepCase smallest = shrunk.smallest();
    assertThat(((GeluSpec) smallest.spec()).approximate()).isEqualTo("none");
    assertThat(Tensor.numel(smallest.inputShape()))
        .isLessThanOrEqualTo(Tensor.numel(first.inputShape()));
    assertThat(sweep.fails(smallest)).isTrue();

    Path file = dir.resolve("smallest.json");
    CaseWriter.write(file, shrunk.toCase());
    ParityCase c = new CaseReader().read(file);
    assertThat(c.module()).isEqualTo("GELU");
    assertThat(Layers.spec(c)).isEqualTo(smallest.spec());
    CaseResult replay = new CaseChecker(List.of(new EngineKernel(), broken), null).check(c);
    assertThat(replay.status()).isEqualTo(CaseResult.Status.FAIL);
    assertThat(replay.comparisons().get("engine").get("output").passed()).isTrue();
    assertThat(replay.comparisons().get("always-tanh-gelu").get("output").passed()).isFalse();
  }
}
