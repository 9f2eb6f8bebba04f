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
    assertThat(t.size(-1)).isEqualTo(3);
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

  @Test
  void namesItsSizesAsPyTorchDoes() {
    Tensor t = Tensor.zeros(DType.FLOAT64, 2, 3, 4);
    assertThat(t.size()).containsExactly(2, 3, 4);
    assertThat(t.size(0)).isEqualTo(2);
    assertThat(t.size(-1)).isEqualTo(4);
    assertThat(t.dim()).isEqualTo(3);
    assertThat(t.numel()).isEqualTo(24);
    // torch.zeros(2, 3, 4).size(3): "Dimension out of range (expected to be in range of [-3, 2],
    // but got 3)"
    assertThatThrownBy(() -> t.size(3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Dimension out of range (expected to be in range of [-3, 2], but got 3)");
  }

  @Test
  void fullTakesTheShapeFirstAndTheValueSecond() {
    Tensor t = Tensor.full(new int[] {2, 2}, 7.5);
    assertThat(t.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(t.toDoubleArray()).containsExactly(7.5, 7.5, 7.5, 7.5);
    assertThat(Tensor.ones(DType.INT64, 3).toLongArray()).containsExactly(1, 1, 1);
  }

  @Test
  void storesFloat32AsFloatsAndInt64Exactly() {
    float[] values = {0.1f, Float.NaN, -0.0f};
    Tensor t = Tensor.of(new int[] {3}, values);
    assertThat(t.toFloatArray()).containsExactly(values);
    long big = (1L << 60) + 1; // not representable as a double
    Tensor ints = Tensor.ofLongs(new int[] {1}, new long[] {big});
    assertThat(ints.toLongArray()).containsExactly(big);
    Tensor bools = Tensor.ofBools(new int[] {2}, new boolean[] {true, false});
    assertThat(bools.toLongArray()).containsExactly(1, 0);
  }

  @Test
  void writesAndReadsEveryDtypeInTheBufferOrder() {
    for (Tensor t :
        new Tensor[] {
          Tensor.of(new int[] {2}, new float[] {1.5f, -2f}),
          Tensor.of(new int[] {2}, new double[] {1e-300, 3}),
          Tensor.ofLongs(new int[] {2}, new long[] {Long.MIN_VALUE, 5}),
          Tensor.ofBools(new int[] {2}, new boolean[] {false, true})
        }) {
      for (java.nio.ByteOrder order :
          new java.nio.ByteOrder[] {
            java.nio.ByteOrder.LITTLE_ENDIAN, java.nio.ByteOrder.BIG_ENDIAN
          }) {
        java.nio.ByteBuffer buffer =
            java.nio.ByteBuffer.allocate(3 + 2 * t.dtype().byteSize()).order(order);
        buffer.position(3);
        t.writeTo(buffer);
        assertThat(buffer.position()).isEqualTo(3);
        assertThat(Tensor.read(buffer, t.dtype(), 2)).isEqualTo(t);
      }
    }
  }
}
