package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.torchparity.io.CaseReader;
import org.torchparity.io.ParityCase;

/** Every committed PyTorch case under parity-tests/cases, one test each, named after the case. */
class ParityCasesTest {
  private static final Path CASES = Path.of("parity-tests", "cases");

  @TestFactory
  Stream<DynamicTest> everyCommittedCaseHolds() throws IOException {
    assertThat(CASES).isDirectory();
    List<Path> files = CaseReader.findCases(List.of(CASES));
    assertThat(files).as("committed cases").isNotEmpty();
    CaseReader reader = new CaseReader();
    // Both engine backward routes answer to PyTorch's gradients: the layers' adjoint route
    // (EngineKernel) and libtorch's autograd (EngineAutogradKernel).
    CaseChecker checker =
        new CaseChecker(
            List.of(new EngineKernel(), new EngineAutogradKernel(), new ReferenceKernel()),
            new LayerInitializer());
    // libtorch's autograd of the zero-stuffed ConvTranspose1d multiplies stuffed zeros by an inf
    // or NaN where PyTorch 1.13's direct kernel never forms the product (and the reverse for a
    // cropped output), so on the ConvTranspose1d non-finite gradient cases only the layers' route
    // and the reference answer to PyTorch; the autograd route is a cross-check of finite data.
    CaseChecker finiteOnlyAutograd =
        new CaseChecker(List.of(new EngineKernel(), new ReferenceKernel()), new LayerInitializer());
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    CASES.relativize(file).toString().replace(".json", ""),
                    file.toUri(),
                    () -> {
                      ParityCase c = reader.read(file);
                      boolean nonFiniteTranspose = c.name().startsWith("ConvTranspose1d_nfgrad_");
                      CaseResult r = (nonFiniteTranspose ? finiteOnlyAutograd : checker).check(c);
                      Assumptions.assumeFalse(
                          r.status() == CaseResult.Status.SKIP, () -> "skipped: " + r.reason());
                      assertThat(r.status()).as(r.line()).isEqualTo(CaseResult.Status.PASS);
                    }));
  }

  /**
   * PyTorch 1.13 refused these and libtorch 2.7.1 accepts them (see the README beside them):
   * torch-parity follows 2.7.1, so each must fail only because an output was computed, and the
   * engine and the reference must agree on that output.
   */
  @TestFactory
  Stream<DynamicTest> torch113DivergencesFollowLibtorch27() throws IOException {
    Path dir = Path.of("src", "test", "resources", "cases", "torch-1.13-divergences");
    List<Path> files = CaseReader.findCases(List.of(dir));
    assertThat(files).isNotEmpty();
    CaseReader reader = new CaseReader();
    CaseChecker checker =
        new CaseChecker(List.of(new EngineKernel(), new ReferenceKernel()), new LayerInitializer());
    return files.stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString().replace(".json", ""),
                    () -> {
                      ParityCase c = reader.read(file);
                      assertThat(c.error()).startsWith("RuntimeError: Invalid padding size");
                      assertThat(checker.check(c).reason())
                          .contains("PyTorch refused")
                          .contains("but engine, reference computed an output");
                      var spec = c.convSpec();
                      var engine =
                          new EngineKernel().forward(spec, c.input(), c.weight(), c.bias());
                      var reference =
                          new ReferenceKernel().forward(spec, c.input(), c.weight(), c.bias());
                      Comparison agreement =
                          Comparison.of(engine, reference, Tolerance.forDType(spec.dtype()));
                      assertThat(agreement.passed()).as(agreement.describe()).isTrue();
                    }));
  }

  @TestFactory
  Stream<DynamicTest> caseFilesAreSmall() throws IOException {
    long total;
    try (Stream<Path> walk = Files.walk(CASES)) {
      total = walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    return Stream.of(
        DynamicTest.dynamicTest(
            "committed cases stay under 8 MB", () -> assertThat(total).isLessThan(8L << 20)));
  }
}
