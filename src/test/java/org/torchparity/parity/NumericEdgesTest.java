package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.io.CaseReader;
import org.torchparity.io.ParityCase;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Numeric edges (signed zeros, subnormals, float32 overflow) must propagate as in PyTorch, which
 * assert_close's atol would hide: tiny values pass any atol of 1e-5. Here the engine and the
 * reference must reproduce PyTorch's cases (parity-tests/cases/conv1d_nonfinite/Conv1d_edge_*) bit
 * for bit, sign of zero included, except that a subnormal result may differ by one unit in the last
 * place of its dtype (PyTorch rounds after each float32 addition, the reference once).
 */
class NumericEdgesTest {
  private static final Path DIR = Path.of("parity-tests", "cases", "conv1d_nonfinite");

  static Stream<Path> edgeCases() throws IOException {
    List<Path> files = CaseReader.findCases(List.of(DIR));
    List<Path> edges =
        files.stream().filter(f -> f.getFileName().toString().startsWith("Conv1d_edge_")).toList();
    assertThat(edges).hasSize(6);
    return edges.stream();
  }

  @ParameterizedTest
  @MethodSource("edgeCases")
  void engineAndReferenceReproducePyTorchBitForBit(Path file) throws IOException {
    ParityCase c = new CaseReader().read(file);
    for (ConvKernel kernel : List.of(new EngineKernel(), new ReferenceKernel())) {
      Tensor actual = kernel.forward(c.convSpec(), c.input(), c.weight(), c.bias());
      double[] got = actual.toDoubleArray();
      double[] want = c.output().toDoubleArray();
      assertThat(got).hasSameSizeAs(want);
      for (int i = 0; i < want.length; i++) {
        String where = kernel.name() + " " + c.name() + " [" + i + "]";
        if (isSubnormal(want[i], c.dtype())) {
          assertThat(Math.abs(got[i] - want[i]))
              .as(where)
              .isLessThanOrEqualTo(ulp(want[i], c.dtype()));
        } else {
          assertThat(Double.doubleToLongBits(got[i]))
              .as(where + ": " + got[i] + " vs PyTorch's " + want[i])
              .isEqualTo(Double.doubleToLongBits(want[i]));
        }
      }
    }
  }

  private static boolean isSubnormal(double v, DType dtype) {
    double min = dtype == DType.FLOAT32 ? Float.MIN_NORMAL : Double.MIN_NORMAL;
    return v != 0 && Math.abs(v) < min;
  }

  private static double ulp(double v, DType dtype) {
    return dtype == DType.FLOAT32 ? Math.ulp((float) v) : Math.ulp(v);
  }
}
