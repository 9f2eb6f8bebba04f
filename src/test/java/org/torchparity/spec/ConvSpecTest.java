package org.torchparity.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConvSpecTest {

  @Test
  void defaultsArePyTorchs() {
    ConvSpec spec = ConvSpec.conv1d(2, 1, 2).build();
    assertThat(spec.stride()).isEqualTo(1);
    assertThat(spec.padding()).isEqualTo(Padding.NONE);
    assertThat(spec.dilation()).isEqualTo(1);
    assertThat(spec.groups()).isEqualTo(1);
    assertThat(spec.bias()).isTrue();
    assertThat(spec.paddingMode()).isEqualTo(PaddingMode.ZEROS);
    assertThat(spec.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(spec.weightShape()).containsExactly(1, 2, 2);
    assertThat(spec.biasShape()).containsExactly(1);
  }

  @Test
  void transposedWeightIsInOutOverGroupsK() {
    ConvSpec spec = ConvSpec.convTranspose1d(4, 6, 3).groups(2).build();
    assertThat(spec.weightShape()).containsExactly(4, 3, 3);
  }

  @Test
  void samePaddingPutsTheOddElementOnTheRight() {
    // dilation 1, kernel 4: total = 1*(4-1) = 3 -> left 3/2 = 1, right 3-1 = 2
    ConvSpec even = ConvSpec.conv1d(1, 1, 4).padding("same").build();
    assertThat(even.padLeft()).isEqualTo(1);
    assertThat(even.padRight()).isEqualTo(2);
    // dilation 2, kernel 3: total = 2*(3-1) = 4 -> 2 and 2
    ConvSpec odd = ConvSpec.conv1d(1, 1, 3).dilation(2).padding("same").build();
    assertThat(odd.padLeft()).isEqualTo(2);
    assertThat(odd.padRight()).isEqualTo(2);
    assertThat(odd.outputShape(new int[] {3, 1, 9})).containsExactly(3, 1, 9);
  }

  @Test
  void outputLengthFollowsPyTorchsFormula() {
    // floor((L + 2p - d(k-1) - 1)/s) + 1 = floor((10 + 2 - 4 - 1)/3) + 1 = floor(7/3) + 1 = 3
    ConvSpec conv = ConvSpec.conv1d(2, 5, 3).stride(3).padding(1).dilation(2).build();
    assertThat(conv.outputShape(new int[] {4, 2, 10})).containsExactly(4, 5, 3);
    assertThat(conv.outputShape(new int[] {2, 10})).containsExactly(5, 3);
    // (L-1)s - 2p + d(k-1) + op + 1 = 4*2 - 2 + 2*2 + 1 + 1 = 12
    ConvSpec transposed =
        ConvSpec.convTranspose1d(2, 3, 3).stride(2).padding(1).dilation(2).outputPadding(1).build();
    assertThat(transposed.outputShape(new int[] {1, 2, 5})).containsExactly(1, 3, 12);
  }

  @Test
  void outputSizeBecomesOutputPaddingWithinStride() {
    // min = (5-1)*2 - 0 + 1*(3-1) + 1 = 11; valid sizes 11..12 (PyTorch's _output_padding)
    ConvSpec spec = ConvSpec.convTranspose1d(2, 1, 3).stride(2).build();
    assertThat(spec.outputPaddingFor(5, 12)).isEqualTo(1);
    assertThatThrownBy(() -> spec.outputPaddingFor(5, 14))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "requested an output size of 14, but valid sizes range from 11 to 12 (for an input of"
                + " length 5)");
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal(
            () -> ConvSpec.conv1d(0, 1, 2), "inChannels", "inChannels must be positive but was 0"),
        refusal(
            () -> ConvSpec.conv1d(2, -1, 2),
            "outChannels",
            "outChannels must be positive but was -1"),
        refusal(
            () -> ConvSpec.conv1d(2, 1, 0),
            "kernelSize",
            "kernelSize must be positive but was 0 (PyTorch: kernel size should be greater than zero)"),
        refusal(
            () -> ConvSpec.conv1d(2, 1, 2).stride(0),
            "stride",
            "stride must be positive but was 0 (PyTorch: non-positive stride is not supported)"),
        refusal(
            () -> ConvSpec.conv1d(2, 1, 2).dilation(-1),
            "dilation",
            "dilation must be positive but was -1 (PyTorch: dilation should be greater than zero)"),
        refusal(
            () -> ConvSpec.conv1d(2, 2, 2).groups(0),
            "groups",
            "groups must be a positive integer but was 0"),
        refusal(
            () -> ConvSpec.conv1d(3, 2, 2).groups(2),
            "groups",
            "inChannels must be divisible by groups but inChannels=3, groups=2"),
        refusal(
            () -> ConvSpec.conv1d(2, 3, 2).groups(2),
            "groups",
            "outChannels must be divisible by groups but outChannels=3, groups=2"),
        refusal(
            () -> ConvSpec.conv1d(2, 1, 2).padding(-1),
            "padding",
            "padding must be non-negative but was -1 (PyTorch: negative padding is not supported)"),
        refusal(
            () -> ConvSpec.conv1d(2, 1, 2).padding("same").stride(2),
            "padding",
            "padding='same' is not supported for strided convolutions: stride must be 1 but was 2"),
        refusal(
            () -> ConvSpec.conv1d(2, 1, 2).outputPadding(1),
            "outputPadding",
            "outputPadding is a ConvTranspose1d argument; Conv1d needs 0 but was 1"),
        refusal(
            () -> ConvSpec.convTranspose1d(2, 1, 2).padding("same"),
            "padding",
            "ConvTranspose1d padding must be an integer but was 'same'"),
        refusal(
            () -> ConvSpec.convTranspose1d(2, 1, 2).paddingMode(PaddingMode.REFLECT),
            "paddingMode",
            "Only \"zeros\" padding mode is supported for ConvTranspose1d but paddingMode was"
                + " 'reflect'"),
        refusal(
            () -> ConvSpec.convTranspose1d(2, 1, 2).stride(2).outputPadding(2),
            "outputPadding",
            "outputPadding must be smaller than either stride or dilation but outputPadding=2,"
                + " stride=2, dilation=1"),
        refusal(
            () -> ConvSpec.convTranspose1d(2, 1, 2).outputPadding(-1),
            "outputPadding",
            "outputPadding must be non-negative but was -1 (PyTorch: negative output_padding is not"
                + " supported)"),
        refusal(
            () -> ConvSpec.conv1d(65536, 65536, 2),
            "shape",
            "shape [65536, 65536, 2] holds more than 2147483647 elements"));
  }

  private static Arguments refusal(
      Supplier<ConvSpecBuilder> builder, String argument, String message) {
    return Arguments.of(builder, argument, message);
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("refusals")
  void refusesWhatPyTorchRefusesWithAMessage(
      Supplier<ConvSpecBuilder> builder, String argument, String message) {
    assertThatThrownBy(() -> builder.get().build())
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo(argument))
        .hasMessage(message);
  }

  @Test
  void parsingRefusesUnknownNames() {
    assertThatThrownBy(() -> PaddingMode.parse("mirror"))
        .hasMessage(
            "paddingMode must be one of zeros, reflect, replicate, circular but was 'mirror'");
    assertThatThrownBy(() -> Padding.parse("full"))
        .hasMessage("padding must be an integer, 'same' or 'valid' but was 'full'");
    assertThatThrownBy(() -> DType.parse("float16"))
        .hasMessage(
            "dtype must be float32, float64, int64 or bool but was 'float16' (not supported yet)");
    assertThatThrownBy(() -> DType.parse("int8"))
        .hasMessage("dtype must be float32, float64, int64 or bool but was 'int8'");
    assertThat(DType.parse("torch.float64")).isEqualTo(DType.FLOAT64);
  }

  static Stream<Arguments> inputRefusals() {
    return Stream.of(
        Arguments.of(
            ConvSpec.conv1d(2, 1, 2).build(),
            new int[] {5},
            "input must be 2-D (channels, length) or 3-D (batch, channels, length) but had shape"
                + " [5]"),
        Arguments.of(
            ConvSpec.conv1d(2, 1, 2).build(),
            new int[] {1, 1, 2, 5},
            "input must be 2-D (channels, length) or 3-D (batch, channels, length) but had shape"
                + " [1, 1, 2, 5]"),
        Arguments.of(
            ConvSpec.conv1d(3, 1, 2).build(),
            new int[] {1, 2, 5},
            "input must have inChannels=3 channels at dimension 1 but shape [1, 2, 5] has 2"),
        Arguments.of(
            ConvSpec.conv1d(2, 1, 1).padding(1).build(),
            new int[] {1, 2, 0},
            "input length must be positive but shape [1, 2, 0] has length 0"),
        Arguments.of(
            ConvSpec.conv1d(2, 1, 6).build(),
            new int[] {1, 2, 5},
            "padded input length 5 (length 5 + padding 0 + 0) must be at least the effective kernel"
                + " size 6 (dilation*(kernelSize-1)+1) but input was [1, 2, 5]"),
        Arguments.of(
            ConvSpec.conv1d(2, 1, 2).padding(5).paddingMode("reflect").build(),
            new int[] {1, 2, 5},
            "padding 5, 5 with paddingMode=reflect must be smaller than the input length 5 of input"
                + " [1, 2, 5] (PyTorch: Padding size should be less than the corresponding input"
                + " dimension)"),
        Arguments.of(
            ConvSpec.conv1d(2, 1, 2).padding(6).paddingMode("circular").build(),
            new int[] {1, 2, 5},
            "padding 6, 6 with paddingMode=circular must be at most the input length 5 of input"
                + " [1, 2, 5] (PyTorch: Padding value causes wrapping around more than once)"),
        Arguments.of(
            ConvSpec.convTranspose1d(2, 1, 2).padding(3).build(),
            new int[] {1, 2, 5},
            "output length (L-1)*stride - 2*padding + dilation*(kernelSize-1) + outputPadding + 1"
                + " = 0 must be between 1 and 2147483647 for input [1, 2, 5]"));
  }

  @ParameterizedTest
  @MethodSource("inputRefusals")
  void refusesInputsPyTorchRefuses(ConvSpec spec, int[] shape, String message) {
    assertThatThrownBy(() -> spec.outputShape(shape))
        .isInstanceOfSatisfying(
            InvalidArgumentException.class, e -> assertThat(e.argument()).isEqualTo("input"))
        .hasMessage(message);
  }

  @Test
  void acceptsWhatPyTorchAcceptsAtTheLimits() {
    // From PyTorch 1.13 (parity-tests probes): reflect pad 4 on L=5, circular pad 5 on L=5,
    // replicate pad 9 on L=5 and batch 0 are all accepted.
    assertThat(
            ConvSpec.conv1d(2, 1, 2)
                .padding(4)
                .paddingMode("reflect")
                .build()
                .outputShape(new int[] {1, 2, 5}))
        .containsExactly(1, 1, 12);
    assertThat(
            ConvSpec.conv1d(2, 1, 2)
                .padding(5)
                .paddingMode("circular")
                .build()
                .outputShape(new int[] {1, 2, 5}))
        .containsExactly(1, 1, 14);
    assertThat(
            ConvSpec.conv1d(2, 1, 2)
                .padding(9)
                .paddingMode("replicate")
                .build()
                .outputShape(new int[] {1, 2, 5}))
        .containsExactly(1, 1, 22);
    assertThat(ConvSpec.conv1d(2, 1, 2).build().outputShape(new int[] {0, 2, 5}))
        .containsExactly(0, 1, 4);
  }

  @Test
  void checksParameterShapesAndDtypes() {
    ConvSpec spec = ConvSpec.conv1d(4, 8, 3).groups(2).build();
    assertThatThrownBy(() -> spec.checkWeight(Tensor.zeros(DType.FLOAT32, 8, 4, 3)))
        .hasMessage(
            "weight shape must be [8, 2, 3] (outChannels, inChannels/groups, kernelSize) but was"
                + " [8, 4, 3]");
    assertThatThrownBy(() -> spec.checkWeight(Tensor.zeros(DType.FLOAT64, 8, 2, 3)))
        .hasMessage("weight dtype must be float32 (the layer's dtype) but was float64");
    assertThatThrownBy(() -> spec.checkBias(Tensor.zeros(DType.FLOAT32, 4)))
        .hasMessage("bias shape must be [8] (outChannels) but was [4]");
    assertThatThrownBy(() -> spec.checkBias(null))
        .hasMessage("bias is required because the layer was built with bias=true");
    ConvSpec noBias = spec.toBuilder().bias(false).build();
    assertThatThrownBy(() -> noBias.checkBias(Tensor.zeros(DType.FLOAT32, 8)))
        .hasMessage("bias must be absent because the layer was built with bias=false");
  }

  @Test
  void specsAreValues() {
    ConvSpec a = ConvSpec.conv1d(2, 4, 3).padding("same").paddingMode("reflect").build();
    ConvSpec b =
        ConvSpec.conv1d(2, 4, 3).paddingMode(PaddingMode.REFLECT).padding(Padding.SAME).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toBuilder().build()).isEqualTo(a);
    assertThat(a).isNotEqualTo(a.toBuilder().dtype(DType.FLOAT64).build());
  }

  /**
   * PyTorch's F.pad crops where reflect/replicate/circular padding is negative (parity-tests group
   * conv1d_negative_padding), while the convolution's own zero padding refuses it.
   */
  @Test
  void negativePaddingCropsInPaddingModesButIsRefusedWithZeros() {
    ConvSpec reflect =
        ConvSpec.conv1d(2, 2, 3).padding(-1).paddingMode(PaddingMode.REFLECT).build();
    // L_out = (8 - 1 - 1 - (3 - 1) - 1) / 1 + 1 = 4
    org.assertj.core.api.Assertions.assertThat(reflect.outputShape(new int[] {2, 2, 8}))
        .containsExactly(2, 2, 4);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ConvSpec.conv1d(2, 2, 3).padding(-1).build())
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(
            "padding must be non-negative but was -1 (PyTorch: negative padding is not supported)");
  }
}
