package org.torchparity.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.torchparity.engine.TorchEngine;
import org.torchparity.parity.ConfigurationGenerator;
import org.torchparity.parity.ConvKernel;
import org.torchparity.parity.EngineKernel;
import org.torchparity.parity.ReferenceKernel;
import org.torchparity.parity.Sweep;
import org.torchparity.parity.SweepReport;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

class Im2colConv1dKernelTest {
  private final Im2colConv1dKernel kernel = new Im2colConv1dKernel();

  @Test
  void theNotebooksTwoChannelConvolution() {
    // Conv1d(2, 1, 2), weights 1, bias 0, on [[1, 2, 3], [4, 5, 6]]:
    // t=0: 1+2 + 4+5 = 12; t=1: 2+3 + 5+6 = 16.
    ConvSpec spec = ConvSpec.conv1d(2, 1, 2).build();
    Tensor y =
        kernel.forward(
            spec,
            Tensor.of(new int[] {1, 2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
            Tensor.of(new int[] {1, 2, 2}, new float[] {1, 1, 1, 1}),
            Tensor.of(new int[] {1}, new float[] {0}));
    assertThat(y.shape()).containsExactly(1, 1, 2);
    assertThat(y.toDoubleArray()).containsExactly(12, 16);
  }

  @Test
  void reflectPaddingOnAnUnbatchedInput() {
    // x = [1, 2, 3], reflect padding 1 -> [2, 1, 2, 3, 2]; weight [1, 2, 3], no bias:
    // t=0: 2*1 + 1*2 + 2*3 = 10; t=1: 1*1 + 2*2 + 3*3 = 14; t=2: 2*1 + 3*2 + 2*3 = 14.
    ConvSpec spec =
        ConvSpec.conv1d(1, 1, 3).padding(1).paddingMode(PaddingMode.REFLECT).bias(false).build();
    Tensor y =
        kernel.forward(
            spec,
            Tensor.of(new int[] {1, 3}, new float[] {1, 2, 3}),
            Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, 3}),
            null);
    assertThat(y.shape()).containsExactly(1, 3);
    assertThat(y.toDoubleArray()).containsExactly(10, 14, 14);
  }

  @Test
  void circularPaddingWithDilationAndStrideInFloat64() {
    // x = [1, 2, 3, 4], circular padding 1 -> [4, 1, 2, 3, 4, 1]; kernel 2, dilation 2 reads
    // positions p and p+2; weight [1, 10]; stride 2 keeps p = 0 and 2:
    // t=0: 4*1 + 2*10 = 24; t=1: 2*1 + 4*10 = 42; bias 0.5 added to each.
    ConvSpec spec =
        ConvSpec.conv1d(1, 1, 2)
            .padding(1)
            .dilation(2)
            .stride(2)
            .paddingMode(PaddingMode.CIRCULAR)
            .dtype(DType.FLOAT64)
            .build();
    Tensor y =
        kernel.forward(
            spec,
            Tensor.of(DType.FLOAT64, new int[] {1, 1, 4}, new double[] {1, 2, 3, 4}),
            Tensor.of(DType.FLOAT64, new int[] {1, 1, 2}, new double[] {1, 10}),
            Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {0.5}));
    assertThat(y.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(y.toDoubleArray()).containsExactly(24.5, 42.5);
  }

  @Test
  void refusesConvTranspose1d() {
    ConvSpec spec = ConvSpec.convTranspose1d(1, 1, 2).build();
    assertThat(kernel.supports(spec)).isFalse();
    assertThatThrownBy(
            () ->
                kernel.forward(
                    spec,
                    Tensor.zeros(DType.FLOAT32, 1, 1, 3),
                    Tensor.zeros(DType.FLOAT32, 1, 1, 2),
                    Tensor.zeros(DType.FLOAT32, 1)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("im2col computes Conv1d only, but spec is ConvTranspose1d");
  }

  @Test
  void isRegisteredForServiceLoaderAsIm2col() {
    assertThat(ServiceLoader.load(ConvKernel.class))
        .anyMatch(k -> k instanceof Im2colConv1dKernel && k.name().equals("im2col"));
  }

  @Test
  void passesTheSweepAgainstTheEngineWithTheOneToleranceTable() {
    Sweep sweep =
        new Sweep(
            kernel,
            new EngineKernel(),
            TorchEngine.get().info().libtorchVersion(),
            new ReferenceKernel(),
            ConfigurationGenerator.everything());

    SweepReport report = sweep.run(42, 600, new Sweep.Listener() {});

    System.out.print("im2col vs engine sweep:\n" + report.summaryTable());
    assertThat(report.failed())
        .as(
            "%s%s",
            report.summaryTable(), report.shrunk() == null ? "" : report.shrunk().javaSnippet())
        .isZero();
    long transposed =
        report.results().stream().filter(r -> r.sweepCase().convSpec().transposed()).count();
    assertThat(report.skipped()).isEqualTo(transposed);
    assertThat(report.passed()).isEqualTo(600 - transposed).isPositive();
  }
}
