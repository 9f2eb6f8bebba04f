package org.torchparity.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class TorchEngineTest {
  @Test
  void startsOfflineOnTheBundledCpuLibtorch() {
    EngineInfo info = TorchEngine.get().info();
    assertThat(info.libtorchVersion()).isEqualTo("2.7.1");
    assertThat(info.djlVersion()).isEqualTo("0.36.0");
    assertThat(info.offline()).isTrue();
    assertThat(info.intraOpThreads()).isPositive();
    assertThat(info.toMap()).containsKeys("djl", "libtorch", "flavor", "library directory");
    assertThat(TorchEngine.get()).isSameAs(TorchEngine.get());
  }

  @Test
  void nnpackIsDisabledOnLinux() {
    assumeTrue(com.sun.jna.Platform.isLinux(), "NNPACK is only silenced on Linux/glibc");
    assertThat(TorchEngine.get().info().nnpackDisabled()).isTrue();
    assertThat(TorchEngine.get().info().onednnSwitchable()).isTrue();
  }

  @Test
  void readsTheFlavorFromDjlsCacheDirectoryName() {
    assertThat(TorchEngine.flavorOf(Path.of("/c/2.7.1-20250812-cpu-linux-x86_64"), false))
        .isEqualTo("cpu");
    assertThat(TorchEngine.flavorOf(Path.of("/c/2.7.1-cu128-linux-x86_64"), true))
        .isEqualTo("cu128");
  }

  @Test
  void cudaIsRefusedWhenTheLoadedLibtorchHasNone() {
    TorchEngine engine = TorchEngine.get();
    assumeTrue(!engine.info().cudaBuild(), "this libtorch has CUDA; the refusal cannot be shown");
    assertThatThrownBy(() -> engine.device(DeviceSpec.cuda(0)))
        .isInstanceOf(EngineUnavailableException.class)
        .hasMessageContaining("has no CUDA support; torch-parity does not fall back to the CPU");
  }

  @Test
  @Tag("cuda")
  void runsOnCudaWhenADeviceIsPresent() {
    TorchEngine engine = TorchEngine.get();
    assumeTrue(
        engine.info().cudaBuild() && engine.info().cudaDevices() > 0,
        "no CUDA device: the bundled libtorch is a CPU build (see README 'CUDA')");
    try (var conv =
        org.torchparity.nn.Conv1d.of(
            org.torchparity.spec.ConvSpec.conv1d(1, 1, 2).build(), DeviceSpec.cuda(0))) {
      conv.fillWeight(0, 1);
      conv.setBias(0, 0);
      var y =
          conv.forward(org.torchparity.spec.Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, 3}));
      assertThat(y.toDoubleArray()).containsExactly(3, 5);
    }
  }
}
