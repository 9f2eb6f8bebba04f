package org.torchparity.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The cost estimate follows the work, not the size of the arguments. */
class WorkEstimateTest {

  @Test
  void countsTheElementsAndProductsOfAnOrdinaryConv1d() {
    // Conv1d(4, 6, 3, groups 2), input (2, 4, 10): output (2, 6, 8); weight 6*2*3 + bias 6;
    // multiply-adds = 2 * 6 * 8 outputs * (4/2 * 3) taps each = 576
    WorkEstimate e =
        WorkEstimate.of(ConvSpec.conv1d(4, 6, 3).groups(2).build(), new int[] {2, 4, 10});
    assertThat(e).isEqualTo(new WorkEstimate(80, 96, 42, 576));
    assertThat(e.elements()).isEqualTo(80 + 96 + 42);
    assertThat(e.backwardMultiplyAdds()).isEqualTo(1152);
  }

  @Test
  void countsAConvTranspose1dByItsInputs() {
    // ConvTranspose1d(4, 2, 3, stride 2), input (1, 4, 5): output length 4*2 + 2 + 1 = 11;
    // every input element meets C_out/groups * k = 2 * 3 weights: 20 * 6 = 120
    WorkEstimate e =
        WorkEstimate.of(
            ConvSpec.convTranspose1d(4, 2, 3).stride(2).bias(false).build(), new int[] {1, 4, 5});
    assertThat(e).isEqualTo(new WorkEstimate(20, 22, 24, 120));
    // output_size 12 means output padding 1
    assertThat(
            WorkEstimate.of(
                    ConvSpec.convTranspose1d(4, 2, 3).stride(2).bias(false).build(),
                    new int[] {1, 4, 5},
                    1)
                .outputElements())
        .isEqualTo(24);
  }

  @Test
  void hugeArgumentsWithLittleWorkAreCheap() {
    // padding 2^31 - 1, dilation 65536, 65537 taps on 5 samples: 3 outputs * 65537 taps
    WorkEstimate dilated =
        WorkEstimate.of(
            ConvSpec.conv1d(1, 1, 65537).dilation(65536).padding(Integer.MAX_VALUE).build(),
            new int[] {1, 1, 5});
    assertThat(dilated).isEqualTo(new WorkEstimate(5, 3, 65538, 3 * 65537L));
    // stride 2^30 on one sample: one product
    WorkEstimate strided =
        WorkEstimate.of(
            ConvSpec.convTranspose1d(1, 1, 1).stride(1 << 30).bias(false).build(),
            new int[] {1, 1, 1});
    assertThat(strided).isEqualTo(new WorkEstimate(1, 1, 1, 1));
    // an empty batch of 2^31 - 3 samples: nothing but the weight
    WorkEstimate empty =
        WorkEstimate.of(ConvSpec.conv1d(1, 1, 1).build(), new int[] {0, 1, 2147483645});
    assertThat(empty).isEqualTo(new WorkEstimate(0, 0, 2, 0));
  }

  @Test
  void productsSaturateInsteadOfOverflowing() {
    // 65536 items * 32767 channels * (2^31 - 1) positions (padding 2^30 - 1 on 65536 samples with
    // 65536 taps) fit a long; times 65536 taps each they do not: saturated
    WorkEstimate e =
        WorkEstimate.of(
            ConvSpec.conv1d(1, 32767, 65536).bias(false).padding((1 << 30) - 1).build(),
            new int[] {65536, 1, 65536});
    assertThat(e.outputElements()).isEqualTo(65536L * 32767 * Integer.MAX_VALUE);
    assertThat(e.multiplyAdds()).isEqualTo(Long.MAX_VALUE);
    assertThat(e.backwardMultiplyAdds()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void saysWhyACaseIsBeyondABudget() {
    WorkEstimate e =
        WorkEstimate.of(ConvSpec.conv1d(4, 6, 3).groups(2).build(), new int[] {2, 4, 10});
    assertThat(e.exceeds(218, 576, false)).isEmpty();
    assertThat(e.exceeds(217, 576, false))
        .contains(
            "holds 218 tensor elements (input 80, output 96, weight 42), more than the budget of"
                + " 217");
    // forward 576 + backward 1152
    assertThat(e.exceeds(1000, 1727, true))
        .contains("forms 1728 multiply-adds, more than the budget of 1727");
    assertThat(e.exceeds(1000, 1728, true)).isEmpty();
  }

  @Test
  void refusesAnInputTheSpecRefuses() {
    assertThatThrownBy(() -> WorkEstimate.of(ConvSpec.conv1d(2, 1, 3).build(), new int[] {1, 3, 5}))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("input"));
  }
}
