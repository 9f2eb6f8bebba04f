package org.torchparity.engine;

/**
 * Decides whether the loaded libtorch can run on a requested device. Kept free of engine calls so
 * that every decision (which device, which error) is unit-tested on machines without a GPU.
 *
 * <p>DJL itself falls back to the CPU with only a log warning when CUDA is missing; torch-parity
 * refuses instead, because a parity check that silently ran elsewhere proves nothing.
 */
public final class DeviceResolver {
  /** How a user gets a CUDA build of libtorch under DJL; quoted in every CUDA refusal. */
  public static final String CUDA_HOW_TO =
      "To run on CUDA, point DJL at a CUDA build of libtorch 2.7.1 (CUDA natives for this version"
          + " are not on Maven Central): download libtorch 2.7.1+cu128 (cxx11 ABI) from"
          + " pytorch.org, then set PYTORCH_LIBRARY_PATH=<libtorch>/lib, PYTORCH_VERSION=2.7.1"
          + " and PYTORCH_FLAVOR=cu128 (the matching JNI library ships in pytorch-jni). See the"
          + " README section 'CUDA'.";

  private DeviceResolver() {}

  /**
   * Checks a requested device against what the engine offers.
   *
   * @param requested the device asked for
   * @param libtorchHasCuda whether the loaded libtorch was built with CUDA
   * @param visibleGpus how many CUDA devices that libtorch sees
   * @param libtorchDescription e.g. {@code libtorch 2.7.1 (cpu) from /root/.djl.ai/...}, for
   *     messages
   * @return the device to run on, always equal to {@code requested}
   * @throws EngineUnavailableException when the device cannot be provided
   */
  public static DeviceSpec resolve(
      DeviceSpec requested, boolean libtorchHasCuda, int visibleGpus, String libtorchDescription) {
    if (!requested.isCuda()) {
      return requested;
    }
    if (!libtorchHasCuda) {
      throw new EngineUnavailableException(
          "device '"
              + requested
              + "' was requested but the loaded "
              + libtorchDescription
              + " has no CUDA support; torch-parity does not fall back to the CPU. "
              + CUDA_HOW_TO);
    }
    if (visibleGpus <= 0) {
      throw new EngineUnavailableException(
          "device '"
              + requested
              + "' was requested and the loaded "
              + libtorchDescription
              + " has CUDA support, but it sees no CUDA device: check the NVIDIA driver and"
              + " CUDA_VISIBLE_DEVICES. torch-parity does not fall back to the CPU.");
    }
    if (requested.index() >= visibleGpus) {
      throw new EngineUnavailableException(
          "device '"
              + requested
              + "' was requested but only "
              + visibleGpus
              + " CUDA device(s) are visible (cuda:0 to cuda:"
              + (visibleGpus - 1)
              + ")");
    }
    return requested;
  }
}
