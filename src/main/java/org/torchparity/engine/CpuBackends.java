package org.torchparity.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses libtorch's CPU convolution back-ends, through {@code at::globalContext()} (JNA, already
 * on DJL's classpath, so users set no environment variable):
 *
 * <ul>
 *   <li><b>NNPACK off</b> ({@code setUserEnabledNNPACK(false)}), once, right after the engine has
 *       loaded. On CPUs where NNPACK cannot start, libtorch 2.7.1 prints {@code Could not
 *       initialize NNPACK! Reason: Unsupported hardware.} to stderr on every small convolution,
 *       which floods logs and costs about ten times the call when stderr is a pipe.
 *   <li><b>oneDNN (mkldnn) off during autograd backward passes</b> ({@code setUserEnabledMkldnn}),
 *       see {@link OneDnnGuard}; only the {@code engine-autograd} kernel runs libtorch's autograd
 *       of a convolution, since the layers compute gradients with forward-direction ops ({@code
 *       nn.EngineBackward}). On the machine this project is built on (AMD EPYC, AVX-512), libtorch
 *       2.7.1's oneDNN convolution backward returns a wrong {@code grad_input} for batched inputs:
 *       {@code Conv1d(1, 1, 5, padding=2)} on a {@code (3, 1, 12)} input with a one-hot {@code
 *       grad_output} gets one kernel tap instead of five. Plain DJL calls reproduce it without
 *       torch-parity in between; with oneDNN off the result is PyTorch's. Its forward agrees with
 *       PyTorch and is 2–3 times faster than libtorch's own kernels on large inputs, so it stays on
 *       for forward passes.
 * </ul>
 *
 * Both are guarded: on other platforms, or when a symbol is missing, it logs at debug level and
 * leaves libtorch as it is. {@code -Dtorchparity.keepNnpack=true} keeps NNPACK.
 */
final class CpuBackends {
  private static final Logger LOG = LoggerFactory.getLogger(CpuBackends.class);
  private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
  private static final String SET_USER_ENABLED_NNPACK = "_ZN2at7Context20setUserEnabledNNPACKEb";
  private static final String SET_USER_ENABLED_MKLDNN = "_ZN2at7Context20setUserEnabledMkldnnEb";

  /**
   * What start-up achieved.
   *
   * @param nnpackDisabled whether NNPACK is now disabled
   * @param onednnSwitchable whether oneDNN can be switched off for backward passes
   */
  record Switches(boolean nnpackDisabled, boolean onednnSwitchable) {}

  private static volatile Function setMkldnn;
  private static volatile Pointer context;

  private CpuBackends() {}

  /**
   * Applies the choices above to the libtorch found in {@code libtorchDir}.
   *
   * @param libtorchDir the directory holding {@code libtorch_cpu.so}
   * @return what is now disabled
   */
  static Switches configure(Path libtorchDir) {
    boolean nnpack =
        !Boolean.getBoolean("torchparity.keepNnpack")
            && disable(libtorchDir, SET_USER_ENABLED_NNPACK, "NNPACK");
    return new Switches(nnpack, resolveOneDnnSwitch(libtorchDir));
  }

  /**
   * Switches oneDNN on or off for the whole process; callers serialise through {@link OneDnnGuard}.
   *
   * @param enabled the new state
   * @return whether the switch exists (false: nothing happened)
   */
  static boolean setOneDnn(boolean enabled) {
    Function setter = setMkldnn;
    if (setter == null) {
      return false;
    }
    setter.invoke(Void.class, new Object[] {context, enabled});
    return true;
  }

  private static boolean resolveOneDnnSwitch(Path libtorchDir) {
    NativeLibrary torch = library(libtorchDir, "oneDNN");
    if (torch == null) {
      return false;
    }
    try {
      context = (Pointer) torch.getFunction(GLOBAL_CONTEXT).invoke(Pointer.class, new Object[0]);
      setMkldnn = torch.getFunction(SET_USER_ENABLED_MKLDNN);
      return true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.debug("oneDNN switch unavailable: {}", e.toString());
      return false;
    }
  }

  private static NativeLibrary library(Path libtorchDir, String what) {
    if (!Platform.isLinux()) {
      LOG.debug("{} left as is: not Linux", what);
      return null;
    }
    Path library = libtorchDir.resolve("libtorch_cpu.so");
    if (!Files.isRegularFile(library)) {
      LOG.debug("{} left as is: {} not found", what, library);
      return null;
    }
    try {
      return NativeLibrary.getInstance(library.toString());
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.debug("{} left as is: {}", what, e.toString());
      return null;
    }
  }

  private static boolean disable(Path libtorchDir, String setter, String what) {
    if (!Platform.isLinux()) {
      LOG.debug("{} left as is: not Linux", what);
      return false;
    }
    Path library = libtorchDir.resolve("libtorch_cpu.so");
    if (!Files.isRegularFile(library)) {
      LOG.debug("{} left as is: {} not found", what, library);
      return false;
    }
    try {
      NativeLibrary torch = NativeLibrary.getInstance(library.toString());
      Function globalContext = torch.getFunction(GLOBAL_CONTEXT);
      Function setEnabled = torch.getFunction(setter);
      Pointer context = (Pointer) globalContext.invoke(Pointer.class, new Object[0]);
      setEnabled.invoke(Void.class, new Object[] {context, Boolean.FALSE});
      return true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.debug("{} left as is: {}", what, e.toString());
      return false;
    }
  }
}
