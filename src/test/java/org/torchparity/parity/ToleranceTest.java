package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

class ToleranceTest {
  @Test
  void tableMatchesAssertCloseDefaults() {
    assertThat(Tolerance.forDType(DType.FLOAT32).rtol()).isEqualTo(1.3e-6);
    assertThat(Tolerance.forDType(DType.FLOAT32).atol()).isEqualTo(1e-5);
    assertThat(Tolerance.forDType(DType.FLOAT64).rtol()).isEqualTo(1e-7);
    assertThat(Tolerance.forDType(DType.FLOAT64).atol()).isEqualTo(1e-7);
  }

  @Test
  void appliesAtolPlusRtolTimesExpected() {
    Tolerance t = Tolerance.FLOAT32;
    // allowed around 100: 1e-5 + 1.3e-6 * 100 = 1.4e-4
    assertThat(t.accepts(100 + 1.39e-4, 100)).isTrue();
    assertThat(t.accepts(100 + 1.41e-4, 100)).isFalse();
    assertThat(t.accepts(Double.NaN, Double.NaN)).isTrue();
    assertThat(t.accepts(Double.NaN, 1)).isFalse();
    assertThat(t.accepts(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
    assertThat(t.accepts(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)).isFalse();
    assertThat(t.accepts(Double.MAX_VALUE, Double.POSITIVE_INFINITY)).isFalse();
    assertThat(Tolerance.EXACT.accepts(0.0, -0.0)).isFalse();
  }

  @Test
  void comparisonReportsTheWorstElement() {
    Tensor expected = Tensor.of(DType.FLOAT64, new int[] {1, 2, 2}, new double[] {1, 2, 3, 4});
    Tensor actual =
        Tensor.of(DType.FLOAT64, new int[] {1, 2, 2}, new double[] {1, 2.5, 3, 4 + 1e-9});
    Comparison c = Comparison.of(actual, expected, Tolerance.FLOAT64);
    assertThat(c.passed()).isFalse();
    assertThat(c.mismatches()).isEqualTo(1);
    assertThat(c.worstIndex()).containsExactly(0, 0, 1);
    assertThat(c.maxAbsError()).isEqualTo(0.5);
    assertThat(c.maxRelError()).isEqualTo(0.25);
    assertThat(c.describe())
        .isEqualTo(
            "max abs 0.500, max rel 0.250, 1 of 4 outside; worst at (0, 0, 1): actual 2.5 expected"
                + " 2.0 (rtol 1.0E-7, atol 1.0E-7)");
  }

  @Test
  void comparisonReportsShapeDisagreement() {
    Comparison c =
        Comparison.of(
            Tensor.zeros(DType.FLOAT32, 1, 2),
            Tensor.zeros(DType.FLOAT32, 2, 1),
            Tolerance.FLOAT32);
    assertThat(c.passed()).isFalse();
    assertThat(c.describe()).isEqualTo("shape [1, 2] differs from expected shape [2, 1]");
  }
}
