package org.torchparity.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void roundsToItsDtypeAndCopiesIn() {
    double[] values = {0.1, 1.0 / 3};
    Tensor t = Tensor.of(DType.FLOAT32, new int[] {2}, values);
    values[0] = 99;
    assertThat(t.getFlat(0)).isEqualTo((double) 0.1f);
    assertThat(t.getFlat(1)).isEqualTo((double) (float) (1.0 / 3));
    assertThat(t.to(DType.FLOAT64).getFlat(0)).isEqualTo((double) 0.1f);
  }

  @Test
  void indexesRowMajor() {
    Tensor t = Tensor.of(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
    assertThat(t.get(1, 0)).isEqualTo(4.0);
    assertThat(t.flatIndex(1, 2)).isEqualTo(5);
    assertThat(t.dim(-1)).isEqualTo(3);
    assertThatThrownBy(() -> t.get(2, 0))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index [2, 0] is outside shape [2, 3]");
  }

  @Test
  void refusesDataThatDoesNotFitTheShape() {
    assertThatThrownBy(() -> Tensor.of(DType.FLOAT32, new int[] {2, 2}, new double[3]))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("data length must be 4 (the product of shape [2, 2]) but was 3");
    assertThatThrownBy(() -> Tensor.zeros(DType.FLOAT32, 2, -1))
        .hasMessage("shape dimensions must be non-negative but shape was [2, -1]");
  }

  @Test
  void equalityIsBitwise() {
    Tensor nan1 = Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {Double.NaN});
    Tensor nan2 = Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {0.0 / 0.0});
    assertThat(nan1).isEqualTo(nan2);
    Tensor zero = Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {0.0});
    Tensor negativeZero = Tensor.of(DType.FLOAT64, new int[] {1}, new double[] {-0.0});
    assertThat(zero).isNotEqualTo(negativeZero);
  }
}
