package org.torchparity.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engine start-up loaded, for the {@code info} command and for bug reports.
 *
 * @param djlVersion DJL's version
 * @param libtorchVersion the loaded libtorch's version
 * @param libraryDirectory where libtorch was loaded from
 * @param flavor {@code cpu} or a CUDA flavor such as {@code cu128}
 * @param cacheDirectory DJL's native cache for PyTorch
 * @param offline whether libtorch was loaded in DJL's offline mode, with downloads and telemetry
 *     off (it is, unless {@code ai.djl.offline} or {@code DJL_OFFLINE} was set to {@code false});
 *     the JVM's offline mode after start-up is the application's (see {@code OfflineStartup})
 * @param intraOpThreads libtorch's intra-op thread count
 * @param interOpThreads libtorch's inter-op thread count
 * @param cudaBuild whether the loaded libtorch has CUDA support
 * @param cudaDevices how many CUDA devices it sees
 * @param nnpackDisabled whether NNPACK was turned off (see {@code CpuBackends})
 * @param onednnSwitchable whether oneDNN is switched off during backward passes (see {@code
 *     CpuBackends})
 * @param memoryTuning what the allocator tuning did, or why it did nothing
 * @param smallCallsSingleThreaded whether calls below {@link IntraOpThreads#SMALL_CALL_MACS}
 *     multiply-adds run on the calling thread alone
 * @param startMillis how long start-up took, in milliseconds
 */
public record EngineInfo(
    String djlVersion,
    String libtorchVersion,
    String libraryDirectory,
    String flavor,
    String cacheDirectory,
    boolean offline,
    int intraOpThreads,
    int interOpThreads,
    boolean cudaBuild,
    int cudaDevices,
    boolean nnpackDisabled,
    boolean onednnSwitchable,
    String memoryTuning,
    boolean smallCallsSingleThreaded,
    long startMillis) {

  /**
   * Returns the fields as ordered label/value pairs, as the {@code info} command prints them.
   *
   * @return label to value, in display order
   */
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("djl", djlVersion);
    m.put("libtorch", libtorchVersion);
    m.put("flavor", flavor);
    m.put("library directory", libraryDirectory);
    m.put("native cache", cacheDirectory);
    m.put("offline", Boolean.toString(offline));
    m.put(
        "intra-op threads",
        intraOpThreads
            + (smallCallsSingleThreaded
                ? " (1 for calls under " + IntraOpThreads.SMALL_CALL_MACS + " multiply-adds)"
                : ""));
    m.put("inter-op threads", Integer.toString(interOpThreads));
    m.put("cuda build", Boolean.toString(cudaBuild));
    m.put("cuda devices", Integer.toString(cudaDevices));
    m.put("nnpack", nnpackDisabled ? "disabled (silences its stderr warning)" : "unchanged");
    m.put(
        "onednn",
        onednnSwitchable ? "forward only (its conv backward is wrong on some CPUs)" : "unchanged");
    m.put("memory tuning", memoryTuning);
    m.put("start-up", startMillis + " ms");
    return m;
  }
}
