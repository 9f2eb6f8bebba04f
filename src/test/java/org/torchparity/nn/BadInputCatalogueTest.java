package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.Tensor;

/**
 * Every refusal a user can meet, asserted by its exact message: construction (what PyTorch refuses
 * in {@code nn.Conv1d(...)} or at its first forward), forward, parameters, life cycle. Each entry
 * is one typed exception with the argument, the expected and the actual value; none reaches the
 * native engine.
 */
class BadInputCatalogueTest {

  static Stream<Arguments> catalogue() {
    return Stream.of(
        // ---- null and rank-0 arguments of the Module entry points
        entry(
            "forward(null Tensor)",
            () -> forwardOn(conv -> conv.forward((Tensor) null)),
            "input",
            "input must not be null"),
        entry(
            "forward(null float[])",
            () -> forwardOn(conv -> conv.forward(null, new int[] {1, 1, 3}, new float[2])),
            "input",
            "input must not be null"),
        entry(
            "loadStateDict(null)",
            () -> forwardOn(conv -> conv.loadStateDict((java.util.Map<String, Tensor>) null)),
            "state",
            "state must not be null"),
        entry(
            "ConvTranspose1d forward(rank-0 input, output_size)",
            () -> {
              try (ConvTranspose1d t =
                  ConvTranspose1d.of(ConvSpec.convTranspose1d(1, 1, 2).build())) {
                t.forward(Tensor.zeros(DType.FLOAT32), 3);
              }
            },
            "input",
            "input must be 2-D (channels, length) or 3-D (batch, channels, length) but had shape []"),
        // ---- construction: ConvSpec
        entry(
            "in_channels 0",
            () -> ConvSpec.conv1d(0, 1, 2).build(),
            "inChannels",
            "inChannels must be positive but was 0"),
        entry(
            "out_channels -1",
            () -> ConvSpec.conv1d(1, -1, 2).build(),
            "outChannels",
            "outChannels must be positive but was -1"),
        entry(
            "kernel_size 0",
            () -> ConvSpec.conv1d(1, 1, 0).build(),
            "kernelSize",
            "kernelSize must be positive but was 0 (PyTorch: kernel size should be greater than zero)"),
        entry(
            "stride 0",
            () -> ConvSpec.conv1d(1, 1, 2).stride(0).build(),
            "stride",
            "stride must be positive but was 0 (PyTorch: non-positive stride is not supported)"),
        entry(
            "dilation 0",
            () -> ConvSpec.conv1d(1, 1, 2).dilation(0).build(),
            "dilation",
            "dilation must be positive but was 0 (PyTorch: dilation should be greater than zero)"),
        entry(
            "negative padding with zeros",
            () -> ConvSpec.conv1d(1, 1, 2).padding(-1).build(),
            "padding",
            "padding must be non-negative but was -1 (PyTorch: negative padding is not supported)"),
        entry(
            "groups 0",
            () -> ConvSpec.conv1d(2, 2, 2).groups(0).build(),
            "groups",
            "groups must be a positive integer but was 0"),
        entry(
            "groups not dividing in_channels",
            () -> ConvSpec.conv1d(3, 6, 2).groups(2).build(),
            "groups",
            "inChannels must be divisible by groups but inChannels=3, groups=2"),
        entry(
            "groups not dividing out_channels",
            () -> ConvSpec.conv1d(4, 6, 2).groups(4).build(),
            "groups",
            "outChannels must be divisible by groups but outChannels=6, groups=4"),
        entry(
            "'same' with stride 2",
            () -> ConvSpec.conv1d(1, 1, 3).padding("same").stride(2).build(),
            "padding",
            "padding='same' is not supported for strided convolutions: stride must be 1 but was 2"),
        entry(
            "unknown padding string",
            () -> ConvSpec.conv1d(1, 1, 3).padding("full").build(),
            "padding",
            "padding must be an integer, 'same' or 'valid' but was 'full'"),
        entry(
            "unknown padding mode",
            () -> ConvSpec.conv1d(1, 1, 3).paddingMode("constant").build(),
            "paddingMode",
            "paddingMode must be one of zeros, reflect, replicate, circular but was 'constant'"),
        entry(
            "transposed with reflect",
            () -> ConvSpec.convTranspose1d(1, 1, 3).paddingMode(PaddingMode.REFLECT).build(),
            "paddingMode",
            "Only \"zeros\" padding mode is supported for ConvTranspose1d but paddingMode was 'reflect'"),
        entry(
            "output_padding not below stride or dilation",
            () -> ConvSpec.convTranspose1d(1, 1, 3).stride(2).outputPadding(2).build(),
            "outputPadding",
            "outputPadding must be smaller than either stride or dilation but outputPadding=2, stride=2, dilation=1"),
        entry(
            "output_padding on Conv1d",
            () -> ConvSpec.conv1d(1, 1, 3).outputPadding(1).build(),
            "outputPadding",
            "outputPadding is a ConvTranspose1d argument; Conv1d needs 0 but was 1"),
        // ---- forward
        entry(
            "rank 1 input",
            () -> forward(ConvSpec.conv1d(1, 1, 2).build(), Tensor.zeros(DType.FLOAT32, 5)),
            "input",
            "input must be 2-D (channels, length) or 3-D (batch, channels, length) but had shape [5]"),
        entry(
            "rank 4 input",
            () ->
                forward(ConvSpec.conv1d(1, 1, 2).build(), Tensor.zeros(DType.FLOAT32, 1, 1, 1, 5)),
            "input",
            "input must be 2-D (channels, length) or 3-D (batch, channels, length) but had shape [1, 1, 1, 5]"),
        entry(
            "channel mismatch",
            () -> forward(ConvSpec.conv1d(3, 1, 2).build(), Tensor.zeros(DType.FLOAT32, 2, 4, 5)),
            "input",
            "input must have inChannels=3 channels at dimension 1 but shape [2, 4, 5] has 4"),
        entry(
            "kernel larger than the padded input",
            () ->
                forward(
                    ConvSpec.conv1d(1, 1, 5).padding(1).build(), Tensor.zeros(DType.FLOAT32, 1, 2)),
            "input",
            "padded input length 4 (length 2 + padding 1 + 1) must be at least the effective kernel size 5 (dilation*(kernelSize-1)+1) but input was [1, 2]"),
        entry(
            "reflect padding not below the length",
            () ->
                forward(
                    ConvSpec.conv1d(1, 1, 1).padding(3).paddingMode(PaddingMode.REFLECT).build(),
                    Tensor.zeros(DType.FLOAT32, 1, 3)),
            "input",
            "padding 3, 3 with paddingMode=reflect must be smaller than the input length 3 of input [1, 3] (PyTorch: Padding size should be less than the corresponding input dimension)"),
        entry(
            "dtype mismatch",
            () -> forward(ConvSpec.conv1d(1, 1, 2).build(), Tensor.zeros(DType.FLOAT64, 1, 1, 5)),
            "input",
            "input dtype must be float32 (the layer's dtype) but was float64"),
        entry(
            "NDArray dtype int32",
            () -> forwardArray(ConvSpec.conv1d(1, 1, 2).build(), DataType.INT32, 1, 1, 5),
            "input",
            "input dtype must be float32 or float64 but was int32"),
        entry(
            "NDArray rank 1",
            () -> forwardArray(ConvSpec.conv1d(1, 1, 2).build(), DataType.FLOAT32, 5),
            "input",
            "input must be 2-D (channels, length) or 3-D (batch, channels, length) but had shape [5]"),
        entry(
            "transposed output length below 1",
            () ->
                forward(
                    ConvSpec.convTranspose1d(1, 1, 1).padding(1).build(),
                    Tensor.zeros(DType.FLOAT32, 1, 1, 1)),
            "input",
            "output length (L-1)*stride - 2*padding + dilation*(kernelSize-1) + outputPadding + 1 = -1 must be between 1 and 2147483647 for input [1, 1, 1]"),
        entry(
            "grad_output of the wrong shape",
            () -> {
              try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build())) {
                conv.backward(
                    Tensor.zeros(DType.FLOAT32, 1, 1, 5), Tensor.zeros(DType.FLOAT32, 1, 1, 5));
              }
            },
            "gradOutput",
            "gradOutput shape must be the output shape [1, 1, 4] but was [1, 1, 5]"),
        // ---- parameters
        entry(
            "weight of the wrong shape",
            () -> {
              try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build())) {
                conv.setWeight(Tensor.zeros(DType.FLOAT32, 1, 1, 2));
              }
            },
            "weight",
            "weight shape must be [1, 2, 2] (outChannels, inChannels/groups, kernelSize) but was [1, 1, 2]"),
        entry(
            "weight of the wrong dtype",
            () -> {
              try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build())) {
                conv.setWeight(Tensor.zeros(DType.FLOAT64, 1, 2, 2));
              }
            },
            "weight",
            "weight dtype must be float32 (the layer's dtype) but was float64"),
        entry(
            "bias of the wrong shape",
            () -> {
              try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 3, 2).build())) {
                conv.setBias(1, 2);
              }
            },
            "bias",
            "bias needs 3 values for shape [3] (outChannels) but got 2"),
        entry(
            "weight values of the wrong count",
            () -> {
              try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build())) {
                conv.setWeight(1, 2, 3);
              }
            },
            "weight",
            "weight needs 4 values for shape [1, 2, 2] (outChannels, inChannels/groups, kernelSize) but got 3"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void isRefusedWithAMessageNamingTheArgument(
      String description, Executable action, String argument, String message) {
    assertThatThrownBy(action::execute)
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage(message)
        .extracting(e -> ((InvalidArgumentException) e).argument())
        .isEqualTo(argument);
  }

  @Test
  @Tag("cuda")
  void anInputOnAnotherDeviceIsRefused() {
    Assumptions.assumeTrue(
        TorchEngine.get().info().cudaDevices() > 0,
        "needs a CUDA device to put an input on a device other than the layer's; none here");
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build());
        NDManager gpu = TorchEngine.get().newManager(DeviceSpec.parse("cuda:0"))) {
      assertThatThrownBy(() -> conv.forward(gpu.zeros(new Shape(1, 1, 5))))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("input is on device")
          .hasMessageContaining("but the layer is on");
    }
  }

  @Test
  void useAfterCloseIsAnIllegalStateNamingTheLayer() {
    Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build());
    conv.close();
    assertThatThrownBy(() -> conv.setWeight(1, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Conv1d(1, 1, kernel_size=(2,), stride=(1,)) is closed");
  }

  private static Arguments entry(
      String description, Executable action, String argument, String message) {
    return Arguments.of(description, action, argument, message);
  }

  private static void forward(ConvSpec spec, Tensor input) {
    try (ConvLayer layer = ConvLayer.of(spec, DeviceSpec.CPU)) {
      layer.forward(input);
    }
  }

  private static void forwardArray(ConvSpec spec, DataType type, long... shape) {
    try (ConvLayer layer = ConvLayer.of(spec, DeviceSpec.CPU);
        NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      layer.forward(manager.zeros(new Shape(shape), type));
    }
  }

  private static void forwardOn(java.util.function.Consumer<Conv1d> call) {
    try (Conv1d conv = Conv1d.of(1, 1, 2)) {
      call.accept(conv);
    }
  }
}
