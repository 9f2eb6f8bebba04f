package org.torchparity.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.torchparity.spec.InvalidArgumentException;

class DeviceSpecTest {
  @Test
  void parsesPyTorchsSpellings() {
    assertThat(DeviceSpec.parse("cpu")).isEqualTo(DeviceSpec.CPU);
    assertThat(DeviceSpec.parse(" CUDA ")).isEqualTo(DeviceSpec.cuda(0));
    assertThat(DeviceSpec.parse("cuda:3").index()).isEqualTo(3);
    assertThat(DeviceSpec.parse("cuda:3")).hasToString("cuda:3");
    assertThat(DeviceSpec.CPU).hasToString("cpu");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "gpu0", "cuda:", "cuda:-1", "cuda:x", "tpu", "cuda:1234567"})
  void refusesOtherSpellings(String text) {
    assertThatThrownBy(() -> DeviceSpec.parse(text))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("device must be 'cpu', 'cuda' or 'cuda:N' but was '" + text + "'");
  }

  @Test
  void cpuIsAlwaysUsable() {
    assertThat(DeviceResolver.resolve(DeviceSpec.CPU, false, 0, "libtorch"))
        .isEqualTo(DeviceSpec.CPU);
  }

  @Test
  void cudaOnACpuBuildFailsLoudlyAndSaysHowToGetCuda() {
    assertThatThrownBy(
            () ->
                DeviceResolver.resolve(
                    DeviceSpec.cuda(0), false, 0, "libtorch 2.7.1 (cpu) from /x"))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageStartingWith(
            "device 'cuda:0' was requested but the loaded libtorch 2.7.1 (cpu) from /x has no CUDA"
                + " support; torch-parity does not fall back to the CPU.")
        .hasMessageContaining("PYTORCH_LIBRARY_PATH")
        .hasMessageContaining("PYTORCH_FLAVOR=cu128");
  }

  @Test
  void cudaBuildWithoutDevicesFailsLoudly() {
    assertThatThrownBy(() -> DeviceResolver.resolve(DeviceSpec.cuda(0), true, 0, "libtorch X"))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessage(
            "device 'cuda:0' was requested and the loaded libtorch X has CUDA support, but it sees"
                + " no CUDA device: check the NVIDIA driver and CUDA_VISIBLE_DEVICES. torch-parity"
                + " does not fall back to the CPU.");
  }

  @Test
  void cudaIndexBeyondTheVisibleDevicesFails() {
    assertThat(DeviceResolver.resolve(DeviceSpec.cuda(1), true, 2, "x"))
        .isEqualTo(DeviceSpec.cuda(1));
    assertThatThrownBy(() -> DeviceResolver.resolve(DeviceSpec.cuda(2), true, 2, "x"))
        .hasMessage(
            "device 'cuda:2' was requested but only 2 CUDA device(s) are visible (cuda:0 to"
                + " cuda:1)");
  }
}
