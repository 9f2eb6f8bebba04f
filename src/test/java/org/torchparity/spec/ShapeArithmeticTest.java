package org.torchparity.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Shape arithmetic in 64 bits: lengths, paddings and spans that pass {@code 2^31} are computed, not
 * wrapped, and a length no dimension can hold is refused naming the argument that made it.
 */
class ShapeArithmeticTest {

  @Test
  void sameModePaddingIsComputedIn64Bits() {
    // total padding = dilation * (k - 1): 2^30 * 2 = 2^31 (32-bit arithmetic made it -2^31 and
    // the left padding -2^30); left = total / 2, right = the rest
    ConvSpec k3 = ConvSpec.conv1d(1, 1, 3).dilation(1 << 30).padding("same").build();
    assertThat(k3.padLeft()).isEqualTo(1L << 30);
    assertThat(k3.padRight()).isEqualTo(1L << 30);
    assertThat(k3.effectiveKernelSize()).isEqualTo((1L << 31) + 1);
    assertThat(k3.outputShape(new int[] {1, 1, 5})).containsExactly(1, 1, 5);
    // 2^30 * 4 = 2^32: 2^31 on each side, past an int
    ConvSpec k5 = ConvSpec.conv1d(1, 1, 5).dilation(1 << 30).padding("same").build();
    assertThat(k5.padLeft()).isEqualTo(1L << 31);
    assertThat(k5.padRight()).isEqualTo(1L << 31);
    // odd total (2^31 - 1) * 3: the extra element goes on the right
    ConvSpec k4 = ConvSpec.conv1d(1, 1, 4).dilation(Integer.MAX_VALUE).padding("same").build();
    assertThat(k4.padLeft()).isEqualTo(3L * Integer.MAX_VALUE / 2);
    assertThat(k4.padRight()).isEqualTo(3L * Integer.MAX_VALUE - 3L * Integer.MAX_VALUE / 2);
    assertThat(k4.outputShape(new int[] {1, 7})).containsExactly(1, 7);
  }

  @Test
  void anEffectiveKernelPast32BitsIsNotWrappedToOne() {
    // 65536 * (65537 - 1) + 1 = 2^32 + 1, which an int wraps to 1
    ConvSpec spec = ConvSpec.conv1d(1, 1, 65537).dilation(65536).build();
    assertThat(spec.effectiveKernelSize()).isEqualTo((1L << 32) + 1);
    assertThatThrownBy(() -> spec.outputShape(new int[] {1, 1, 5}))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("input"))
        .hasMessage(
            "padded input length 5 (length 5 + padding 0 + 0) must be at least the effective"
                + " kernel size 4294967297 (dilation*(kernelSize-1)+1) but input was [1, 1, 5]");
    // with padding 2^31 - 1 the padded length is 2^32 + 3: (2^32 + 3 - 2^32 - 1)/1 + 1 = 3
    ConvSpec padded = spec.toBuilder().padding(Integer.MAX_VALUE).build();
    assertThat(padded.outputShape(new int[] {1, 1, 5})).containsExactly(1, 1, 3);
  }

  @Test
  void anOutputLengthPastAnIntIsRefusedNamingWhatMadeIt() {
    // (1 + 2*2^30 - 1)/1 + 1 = 2^31 + 1 (32-bit arithmetic gave -2147483647, refused as "shape")
    assertThatThrownBy(
            () -> ConvSpec.conv1d(1, 1, 1).padding(1 << 30).build().outputShape(new int[] {1, 1}))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("padding"))
        .hasMessage(
            "padding 1073741824, 1073741824 makes the output length (L + padLeft + padRight -"
                + " dilation*(kernelSize-1) - 1)/stride + 1 = 2147483649 for input [1, 1], more"
                + " than the 2147483647 elements a dimension can hold in torch-parity (Java arrays"
                + " and int shapes)");
    // the largest length that fits: (1 + 2*(2^30 - 1) - 1) + 1 = 2^31 - 1
    assertThat(
            ConvSpec.conv1d(1, 1, 1)
                .padding((1 << 30) - 1)
                .build()
                .outputShape(new int[] {0, 1, 1}))
        .containsExactly(0, 1, Integer.MAX_VALUE);
    // ConvTranspose1d: (2^16 - 1) * 2^16 + 0 + 1 = 2^32 - 2^16 + 1; the stride term dominates
    assertThatThrownBy(
            () ->
                ConvSpec.convTranspose1d(1, 1, 1)
                    .stride(1 << 16)
                    .build()
                    .outputShape(new int[] {1, 1 << 16}))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("stride"))
        .hasMessageContaining("= 4294901761 for input [1, 65536]");
    // the kernel term: 0*2 + 1*(2^31 - 2) + outputPadding 1 + 1 = 2^31, dilation 1
    assertThatThrownBy(
            () ->
                ConvSpec.convTranspose1d(1, 1, Integer.MAX_VALUE)
                    .bias(false)
                    .stride(2)
                    .outputPadding(1)
                    .build()
                    .outputShape(new int[] {1, 1}))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("kernelSize"))
        .hasMessageContaining("= 2147483648 for input [1, 1]");
  }

  @Test
  void outputSizeArithmeticIsIn64Bits() {
    // min = (L-1)*s - 2p + d(k-1) + 1 = 2 * (2^31 - 1) + 1 = 4294967295: no int output size fits
    ConvSpec spec = ConvSpec.convTranspose1d(1, 1, 1).stride(Integer.MAX_VALUE).build();
    assertThatThrownBy(() -> spec.outputPaddingFor(3, Integer.MAX_VALUE))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("outputSize"))
        .hasMessageContaining("valid sizes range from 4294967295 to 6442450941");
  }
}
