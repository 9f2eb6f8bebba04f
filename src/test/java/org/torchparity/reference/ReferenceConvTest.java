package org.torchparity.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/** Small integer cases, each with its arithmetic written out. */
class ReferenceConvTest {

  private static Tensor t(int[] shape, double... values) {
    return Tensor.of(DType.FLOAT32, shape, values);
  }

  private static double[] conv(ConvSpec spec, Tensor x, Tensor w, Tensor b) {
    return ReferenceConv.forward(spec, x, w, b).toDoubleArray();
  }

  @Test
  void notebookSingleChannel() {
    // x = [1, 2, 3], w = [1, 1], b = 0: [1+2, 2+3] = [3, 5]
    ConvSpec spec = ConvSpec.conv1d(1, 1, 2).build();
    Tensor y =
        ReferenceConv.forward(
            spec,
            t(new int[] {1, 1, 3}, 1, 2, 3),
            t(new int[] {1, 1, 2}, 1, 1),
            t(new int[] {1}, 0));
    assertThat(y.shape()).containsExactly(1, 1, 2);
    assertThat(y.toDoubleArray()).containsExactly(3, 5);
  }

  @Test
  void notebookTwoChannelsShareOneBias() {
    // channel 0 [1,2,3], channel 1 [4,5,6], all weights 1, bias 0:
    // t=0: 1+2 + 4+5 = 12; t=1: 2+3 + 5+6 = 16
    ConvSpec spec = ConvSpec.conv1d(2, 1, 2).build();
    assertThat(
            conv(
                spec,
                t(new int[] {1, 2, 3}, 1, 2, 3, 4, 5, 6),
                t(new int[] {1, 2, 2}, 1, 1, 1, 1),
                t(new int[] {1}, 0)))
        .containsExactly(12, 16);
    // the same with bias 0.5 added once per output, not once per input channel: 12.5, 16.5
    assertThat(
            conv(
                spec,
                t(new int[] {1, 2, 3}, 1, 2, 3, 4, 5, 6),
                t(new int[] {1, 2, 2}, 1, 1, 1, 1),
                t(new int[] {1}, 0.5)))
        .containsExactly(12.5, 16.5);
  }

  @Test
  void strideAndZeroPadding() {
    // padded x = [0, 1, 2, 3, 4, 0]; w = [1, 2, 3]; b = 10; stride 2 -> 2 outputs
    // t=0: 0*1 + 1*2 + 2*3 = 8 -> 18;  t=1: 2*1 + 3*2 + 4*3 = 20 -> 30
    ConvSpec spec = ConvSpec.conv1d(1, 1, 3).stride(2).padding(1).build();
    assertThat(
            conv(
                spec,
                t(new int[] {1, 1, 4}, 1, 2, 3, 4),
                t(new int[] {1, 1, 3}, 1, 2, 3),
                t(new int[] {1}, 10)))
        .containsExactly(18, 30);
  }

  @Test
  void dilationSpacesTheTaps() {
    // w = [1, -1] with dilation 2 reads x[t] and x[t+2]: [1-3, 2-4, 3-5] = [-2, -2, -2]
    ConvSpec spec = ConvSpec.conv1d(1, 1, 2).dilation(2).bias(false).build();
    assertThat(conv(spec, t(new int[] {1, 5}, 1, 2, 3, 4, 5), t(new int[] {1, 1, 2}, 1, -1), null))
        .containsExactly(-2, -2, -2);
  }

  @Test
  void paddingModesWithAnIdentityKernel() {
    // kernel 1, weight 1: the output is the padded input itself, padding 2 on x = [1, 2, 3]
    Tensor x = t(new int[] {1, 3}, 1, 2, 3);
    Tensor w = t(new int[] {1, 1, 1}, 1);
    // reflect: left x[2], x[1]; right x[1], x[0] (the edge is not repeated)
    assertThat(conv(mode("reflect"), x, w, null)).containsExactly(3, 2, 1, 2, 3, 2, 1);
    // replicate: the edge values repeated
    assertThat(conv(mode("replicate"), x, w, null)).containsExactly(1, 1, 1, 2, 3, 3, 3);
    // circular: left x[1], x[2]; right x[0], x[1]
    assertThat(conv(mode("circular"), x, w, null)).containsExactly(2, 3, 1, 2, 3, 1, 2);
    assertThat(conv(mode("zeros"), x, w, null)).containsExactly(0, 0, 1, 2, 3, 0, 0);
  }

  private static ConvSpec mode(String mode) {
    return ConvSpec.conv1d(1, 1, 1).padding(2).paddingMode(mode).bias(false).build();
  }

  @Test
  void samePaddingWithAnEvenKernelPadsOneMoreOnTheRight() {
    // k = 2: total 1 -> left 0, right 1: padded [1, 2, 3, 0]; w = [1, 10]
    // [1 + 20, 2 + 30, 3 + 0] = [21, 32, 3]
    ConvSpec spec = ConvSpec.conv1d(1, 1, 2).padding("same").bias(false).build();
    assertThat(conv(spec, t(new int[] {1, 3}, 1, 2, 3), t(new int[] {1, 1, 2}, 1, 10), null))
        .containsExactly(21, 32, 3);
  }

  @Test
  void groupsKeepChannelsApart() {
    // groups 2, kernel 1: out0 = 2 * x0, out1 = 3 * x1; x0 = [1, 2], x1 = [3, 4]
    ConvSpec spec = ConvSpec.conv1d(2, 2, 1).groups(2).bias(false).build();
    assertThat(conv(spec, t(new int[] {2, 2}, 1, 2, 3, 4), t(new int[] {2, 1, 1}, 2, 3), null))
        .containsExactly(2, 4, 9, 12);
  }

  @Test
  void batchZeroGivesAnEmptyOutput() {
    ConvSpec spec = ConvSpec.conv1d(2, 3, 2).build();
    Tensor y =
        ReferenceConv.forward(
            spec,
            Tensor.zeros(DType.FLOAT32, 0, 2, 5),
            Tensor.zeros(DType.FLOAT32, 3, 2, 2),
            Tensor.zeros(DType.FLOAT32, 3));
    assertThat(y.shape()).containsExactly(0, 3, 4);
  }

  @Test
  void transposedScattersEachInputAcrossTheKernel() {
    // x = [1, 2], w = [1, 10, 100], stride 2: y[2t + j] += x[t] w[j], length (2-1)*2 + 3 = 5
    // t=0: y0 += 1, y1 += 10, y2 += 100; t=1: y2 += 2, y3 += 20, y4 += 200
    ConvSpec spec = ConvSpec.convTranspose1d(1, 1, 3).stride(2).bias(false).build();
    Tensor x = t(new int[] {1, 1, 2}, 1, 2);
    Tensor w = t(new int[] {1, 1, 3}, 1, 10, 100);
    assertThat(conv(spec, x, w, null)).containsExactly(1, 10, 102, 20, 200);
    // padding 1 removes one element from each end: [10, 102, 20]
    ConvSpec padded = spec.toBuilder().padding(1).build();
    assertThat(conv(padded, x, w, null)).containsExactly(10, 102, 20);
    // output padding 1 gives back one element on the right: [10, 102, 20, 200]
    ConvSpec extra = padded.toBuilder().outputPadding(1).build();
    assertThat(conv(extra, x, w, null)).containsExactly(10, 102, 20, 200);
  }

  @Test
  void float32ResultsAreRoundedOnceFromDoubleSums() {
    // 0.1f + 0.2f summed in double is 0.30000000447034836; rounded to float: 0.3f
    ConvSpec spec = ConvSpec.conv1d(1, 1, 2).bias(false).build();
    double[] y = conv(spec, t(new int[] {1, 2}, 0.1, 0.2), t(new int[] {1, 1, 2}, 1, 1), null);
    assertThat(y).containsExactly((double) 0.3f);
  }

  @Test
  void refusesTensorsThatDoNotFit() {
    ConvSpec spec = ConvSpec.conv1d(2, 1, 2).build();
    Tensor x = Tensor.zeros(DType.FLOAT64, 1, 2, 3);
    assertThatThrownBy(
            () ->
                ReferenceConv.forward(
                    spec, x, Tensor.zeros(DType.FLOAT32, 1, 2, 2), Tensor.zeros(DType.FLOAT32, 1)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("input dtype must be float32 (the layer's dtype) but was float64");
  }
}
