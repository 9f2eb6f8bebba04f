package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.cli.XChartSweepCharts;
import org.torchparity.engine.TorchEngine;
import org.torchparity.examples.DilationIgnoringKernel;
import org.torchparity.io.CaseReader;
import org.torchparity.io.CaseWriter;
import org.torchparity.io.ParityCase;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/**
 * The sweep end to end on the engine: the engine against the reference over a seeded sweep of 1200
 * configurations, and a deliberately broken kernel caught and shrunk to the one configuration that
 * shows its bug.
 */
class SweepTest {
  private static final long SEED = 20261124L;
  private static final int COUNT = 1200;

  private static String libtorch() {
    return TorchEngine.get().info().libtorchVersion();
  }

  private static String explain(SweepReport report) {
    return report.summaryTable() + (report.shrunk() == null ? "" : report.shrunk().javaSnippet());
  }

  @Test
  void theReferenceAgreesWithTheEngineOnEveryConfiguration() {
    Sweep sweep =
        new Sweep(
            new ReferenceKernel(),
            new EngineKernel(),
            libtorch(),
            null,
            ConfigurationGenerator.everything());

    SweepReport report = sweep.run(SEED, COUNT, new Sweep.Listener() {});

    System.out.print("engine vs reference sweep:\n" + report.summaryTable());
    assertThat(report.results()).hasSize(COUNT);
    assertThat(report.failed()).as(explain(report)).isZero();
    assertThat(report.skipped()).isZero();
    assertThat(report.shrunk()).isNull();
    assertThat(report.held()).isTrue();
    // The sweep covered the option space, not a corner of it.
    List<SweepCase> cases = report.results().stream().map(SweepResult::sweepCase).toList();
    assertThat(cases.stream().map(c -> c.convSpec().kind()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(ConvSpec.Kind.values());
    assertThat(cases.stream().map(c -> c.spec().dtype()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(DType.floatingTypes());
    assertThat(cases.stream().map(c -> c.convSpec().paddingMode()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(PaddingMode.values());
    assertThat(cases).anyMatch(c -> c.inputShape().length == 2);
    assertThat(cases).anyMatch(c -> c.inputShape().length == 3 && c.inputShape()[0] == 0);
    assertThat(cases).anyMatch(c -> c.inputShape()[c.inputShape().length - 1] == 1);
    Set<String> pairs =
        cases.stream()
            .map(c -> c.spec().dtype() + " " + c.inputScale() + " " + c.weightScale())
            .collect(Collectors.toSet());
    assertThat(pairs)
        .hasSize(SweepCase.SCALE_PAIRS_FLOAT32.size() + SweepCase.SCALE_PAIRS_FLOAT64.size());
  }

  @Test
  void theSameSeedGivesTheSameSweep() {
    Sweep sweep =
        new Sweep(
            new ReferenceKernel(),
            new EngineKernel(),
            libtorch(),
            null,
            ConfigurationGenerator.everything());
    SweepReport a = sweep.run(7, 60, new Sweep.Listener() {});
    SweepReport b = sweep.run(7, 60, new Sweep.Listener() {});
    for (int i = 0; i < 60; i++) {
      SweepResult x = a.results().get(i);
      SweepResult y = b.results().get(i);
      assertThat(x.sweepCase()).isEqualTo(y.sweepCase());
      assertThat(x.caseSeed()).isEqualTo(y.caseSeed());
      assertThat(x.maxAbsError()).isEqualTo(y.maxAbsError());
    }
  }

  @Test
  void aKernelThatIgnoresDilationIsCaughtAndShrunkToItsSmallestFailure(@TempDir Path dir)
      throws Exception {
    Sweep sweep =
        new Sweep(
            new DilationIgnoringKernel(),
            new EngineKernel(),
            libtorch(),
            new ReferenceKernel(),
            ConfigurationGenerator.everything());

    SweepReport report = sweep.run(SEED, 200, new Sweep.Listener() {});

    assertThat(report.failed()).isPositive();
    assertThat(report.held()).isFalse();
    // Every ConvTranspose1d is skipped (the kernel supports Conv1d only), and nothing else.
    long transposed =
        report.results().stream().filter(r -> r.sweepCase().convSpec().transposed()).count();
    assertThat(report.skipped()).isEqualTo(transposed);
    // The kernel reads tap k at t*stride + k instead of t*stride + k*dilation. That is only wrong
    // when dilation > 1 and kernelSize > 1, so the shrinker must keep dilation 2 and kernel 2 and
    // take everything else back to its default: 1 channel in and out, stride 1, padding 0, groups
    // 1, bias, zeros, float32, magnitudes 1. A batch of 0 has no output values to get wrong, so
    // the batch is 1; the shortest input is the effective kernel, dilation*(k-1)+1 = 2*1+1 = 3.
    ShrunkFailure shrunk = report.shrunk();
    assertThat(shrunk).isNotNull();
    SweepCase smallest = shrunk.smallest();
    assertThat(smallest.spec()).isEqualTo(ConvSpec.conv1d(1, 1, 2).dilation(2).build());
    assertThat(smallest.inputShape()).containsExactly(1, 1, 3);
    assertThat(smallest.inputScale()).isEqualTo(1.0);
    assertThat(smallest.weightScale()).isEqualTo(1.0);
    assertThat(shrunk.first()).isEqualTo(firstFailure(report));
    assertThat(shrunk.baselineOutput().shape()).containsExactly(1, 1, 1);
    assertThat(shrunk.candidateOutput().shape()).containsExactly(1, 1, 1);

    assertThat(shrunk.javaSnippet())
        .contains("ConvSpec spec = ConvSpec.conv1d(1, 1, 2).dilation(2).build();")
        .contains("Tensor input = Tensor.of(new int[] {1, 1, 3}, new float[] {")
        .contains("ConvKernel kernel = new org.torchparity.examples.DilationIgnoringKernel();")
        .contains("new org.torchparity.parity.EngineKernel().forward(spec, input, weight, bias)");
    // Ready to paste: it compiles as it is and, run, shows the failure again.
    Comparison pasted = (Comparison) runSnippet(shrunk.javaSnippet(), dir.resolve("classes"));
    assertThat(pasted.passed()).isFalse();
    assertThat(pasted.maxAbsError())
        .isEqualTo(
            Comparison.of(shrunk.candidateOutput(), shrunk.baselineOutput(), Tolerance.FLOAT32)
                .maxAbsError());

    // The case file: readable by CaseReader, the engine's output as the expected output, and a
    // source that says so; replayed, the engine passes and the broken kernel fails.
    Path file = dir.resolve("smallest.json");
    CaseWriter.write(file, shrunk.toCase());
    ParityCase c = new CaseReader().read(file);
    assertThat(c.convSpec()).isEqualTo(smallest.spec());
    assertThat(c.input()).isEqualTo(smallest.data().input());
    assertThat(c.weight()).isEqualTo(smallest.data().weight());
    assertThat(c.bias()).isEqualTo(smallest.data().bias());
    assertThat(c.output()).isEqualTo(shrunk.baselineOutput());
    assertThat(c.torchVersion()).isEqualTo(libtorch());
    assertThat(c.source()).contains("NOT recorded from PyTorch").contains("engine");
    CaseResult replay =
        new CaseChecker(List.of(new EngineKernel(), new DilationIgnoringKernel()), null).check(c);
    assertThat(replay.status()).isEqualTo(CaseResult.Status.FAIL);
    assertThat(replay.comparisons().get("engine").get("output").passed()).isTrue();
    assertThat(replay.comparisons().get("ignores-dilation").get("output").passed()).isFalse();
  }

  @Test
  void anOutputInAnotherDtypeThanTheLayersFails() {
    ConvKernel reference = new ReferenceKernel();
    ConvKernel widening =
        new ConvKernel() {
          @Override
          public String name() {
            return "widening";
          }

          @Override
          public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
            return reference.forward(spec, input, weight, bias).to(DType.FLOAT64);
          }
        };
    Sweep sweep =
        new Sweep(
            widening,
            reference,
            "reference",
            null,
            new ConfigurationGenerator(
                EnumSet.of(ConvSpec.Kind.CONV1D), EnumSet.of(DType.FLOAT32), 3, 12));

    SweepReport report = sweep.run(1, 10, new Sweep.Listener() {});

    // The values are the reference's exactly, so only the dtype is wrong: every case fails, and
    // the smallest is the smallest Conv1d there is, on an empty batch.
    assertThat(report.failed()).isEqualTo(10);
    assertThat(report.results().get(0).message())
        .startsWith("widening returned a float64 output but the layer's dtype is float32");
    assertThat(report.shrunk().smallest().spec()).isEqualTo(ConvSpec.conv1d(1, 1, 1).build());
    assertThat(report.shrunk().smallest().inputShape()).containsExactly(0, 1, 1);
    assertThat(report.shrunk().candidateExpression()).startsWith("yourKernel /* widening */");
  }

  /** Compiles the snippet as the body of a method returning its comparison {@code c}, runs it. */
  private static Object runSnippet(String snippet, Path dir) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Assumptions.assumeTrue(compiler != null, "compiling the snippet needs a JDK");
    int split = snippet.indexOf("\n\n");
    String source =
        "package pasted;\n"
            + snippet.substring(0, split)
            + "\npublic final class Snippet {\n  public static Object run() {\n"
            + snippet.substring(split + 2)
            + "    return c;\n  }\n}\n";
    Path file = dir.resolve("pasted").resolve("Snippet.java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc =
        compiler.run(
            null,
            null,
            errors,
            "-d",
            dir.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            file.toString());
    assertThat(rc).as("javac: %s%n%s", errors, source).isZero();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {dir.toUri().toURL()}, SweepTest.class.getClassLoader())) {
      return loader.loadClass("pasted.Snippet").getMethod("run").invoke(null);
    }
  }

  private static SweepResult firstFailure(SweepReport report) {
    return report.results().stream()
        .filter(r -> r.status() == CaseResult.Status.FAIL)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void writesTheThreeReportsAndTheShrunkCase(@TempDir Path dir) throws IOException {
    Sweep sweep =
        new Sweep(
            new DilationIgnoringKernel(),
            new EngineKernel(),
            libtorch(),
            new ReferenceKernel(),
            ConfigurationGenerator.everything());
    SweepReport report = sweep.run(3, 40, new Sweep.Listener() {});

    List<Path> files =
        SweepReportWriter.write(
            report, dir, "torch-parity sweep --seed 3", new XChartSweepCharts());

    assertThat(files)
        .containsExactly(
            dir.resolve("smallest-failure.json"),
            dir.resolve("report.json"),
            dir.resolve("report.md"),
            dir.resolve("report.html"));
    String html = java.nio.file.Files.readString(dir.resolve("report.html"));
    assertThat(html)
        .contains("<img alt=\"histogram of log10 max abs error per dtype\"")
        .contains("data:image/png;base64,iVBORw0KGgo") // the PNG signature, base64
        .contains("<h2>Worst cases</h2>")
        .contains("ConvSpec.conv1d(1, 1, 2).dilation(2).build();")
        .doesNotContain("could not be drawn");
    String md = java.nio.file.Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("## Summary").contains("## Smallest failure").contains("FAIL: ");
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(dir.resolve("report.json").toFile());
    assertThat(json.get("configs").asInt()).isEqualTo(40);
    assertThat(json.get("failed").asInt()).isEqualTo(report.failed());
    assertThat(json.get("results")).hasSize(40);
    assertThat(json.get("shrunk").get("case_file").asText()).isEqualTo("smallest-failure.json");
    assertThat(new CaseReader().read(dir.resolve("smallest-failure.json")).convSpec())
        .isEqualTo(report.shrunk().smallest().spec());

    // A library user has no XChart (an optional dependency of the tool): no charts, said so.
    Path plain = dir.resolve("plain");
    SweepReportWriter.write(report, plain, "torch-parity sweep --seed 3");
    assertThat(java.nio.file.Files.readString(plain.resolve("report.html")))
        .contains("written without charts")
        .contains("<h2>Worst cases</h2>")
        .doesNotContain("<img");
  }
}
