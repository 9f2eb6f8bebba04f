package org.torchparity.engine;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade's thread policy: which libtorch intra-op threads a call uses.
 *
 * <ul>
 *   <li><b>Large calls</b> use libtorch's intra-op pool as configured: by default one thread per
 *       physical core (libtorch's choice), or what {@code -Dai.djl.pytorch.num_threads=N} or {@code
 *       JniUtils.setNumThreads(N)} set.
 *   <li><b>Small calls</b>, below {@link #SMALL_CALL_MACS} multiply-adds, run on the calling thread
 *       alone. libtorch's OpenMP kernels open a parallel region even for a handful of values (its
 *       {@code im2col} loops use a grain size of 0), and waking the second thread costs more than
 *       the whole convolution: on the 2-core reference machine a tiny {@code Conv1d} costs about 8
 *       µs with one thread and 16 µs with two, and when another process keeps the second core busy
 *       the wake-up waits for the scheduler, milliseconds at a time.
 * </ul>
 *
 * <p>How: libtorch's CPU build uses OpenMP, whose thread count is a per-thread setting ({@code
 * omp_set_num_threads} changes the calling thread's team size only, and {@code
 * at::get_num_threads()} reads it back). A small call sets it to 1 for its own thread and restores
 * the previous value when it returns, through the OpenMP runtime libtorch itself loaded (JNA,
 * direct mapping, about 0.1 µs per call). Other threads, and the caller's later large calls, are
 * not affected. Where the OpenMP symbols cannot be found the policy is off and every call uses the
 * pool. {@code -Dtorchparity.smallCallsSingleThreaded=false} turns it off.
 */
public final class IntraOpThreads {
  /** Calls with fewer multiply-adds than this run single-threaded. */
  public static final long SMALL_CALL_MACS = 1L << 16;

  private static final Logger LOG = LoggerFactory.getLogger(IntraOpThreads.class);
  private static volatile boolean enabled;

  private IntraOpThreads() {}

  /** The OpenMP runtime's per-thread team size, bound to the library libtorch loaded. */
  private static final class Omp {
    static native int omp_get_max_threads();

    static native void omp_set_num_threads(int n);
  }

  /**
   * Binds the policy to the OpenMP runtime of the libtorch in {@code libtorchDir}.
   *
   * @param libtorchDir the directory holding {@code libtorch_cpu.so}
   * @return whether the policy is on
   */
  static boolean configure(Path libtorchDir) {
    String property = System.getProperty("torchparity.smallCallsSingleThreaded");
    if (property != null && !Boolean.parseBoolean(property)) {
      return false;
    }
    if (!Platform.isLinux()) {
      return false;
    }
    Path library = libtorchDir.resolve("libtorch_cpu.so");
    if (!Files.isRegularFile(library)) {
      return false;
    }
    try {
      // dlsym on libtorch's handle searches its dependencies: this finds the OpenMP runtime
      // libtorch was linked against, not some other copy on the system.
      Native.register(Omp.class, NativeLibrary.getInstance(library.toString()));
      Omp.omp_get_max_threads();
      enabled = true;
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.debug("small-call thread policy off: {}", e.toString());
      enabled = false;
    }
    return enabled;
  }

  /**
   * Tells whether small calls run single-threaded.
   *
   * @return whether the policy is on
   */
  public static boolean smallCallsSingleThreaded() {
    return enabled;
  }

  /**
   * Runs libtorch work sized {@code macs} under the policy.
   *
   * @param macs the call's multiply-adds
   * @param work the work
   * @param <T> its result
   * @return what {@code work} returned
   */
  public static <T> T run(long macs, Supplier<T> work) {
    if (!enabled || macs >= SMALL_CALL_MACS) {
      return work.get();
    }
    int before = Omp.omp_get_max_threads();
    if (before <= 1) {
      return work.get();
    }
    Omp.omp_set_num_threads(1);
    try {
      return work.get();
    } finally {
      Omp.omp_set_num_threads(before);
    }
  }
}
