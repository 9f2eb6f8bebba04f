package org.torchparity.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.Utils;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The one place where DJL's PyTorch engine is started. Start-up is lazy, happens once per JVM and
 * is thread-safe:
 *
 * <ol>
 *   <li>DJL is put in offline mode ({@code ai.djl.offline=true}) for the start-up only, unless the
 *       user set {@code ai.djl.offline} or {@code DJL_OFFLINE} themselves, so nothing is downloaded
 *       and no telemetry is sent while libtorch loads: the natives come from the {@code
 *       pytorch-native-cpu} jar on the classpath (or from {@code PYTORCH_LIBRARY_PATH}) and are
 *       extracted once into DJL's cache. The property is cleared again right after, so the JVM's
 *       DJL offline mode stays the host application's choice (see {@link OfflineStartup}); the
 *       command-line tool sets it for its whole run.
 *   <li>The native allocator is tuned when asked for (see {@link NativeMemoryTuning}); this must
 *       precede the first tensor.
 *   <li>libtorch is loaded; any failure becomes one {@link EngineUnavailableException} whose
 *       message says what to do.
 *   <li>NNPACK is turned off, and oneDNN is made switchable for backward passes (see {@link
 *       CpuBackends}).
 * </ol>
 */
public final class TorchEngine {
  /** DJL's name for the PyTorch engine. */
  public static final String ENGINE_NAME = "PyTorch";

  /**
   * System property that requests the native allocator tuning ({@code true}/{@code false}); read
   * once, when the engine starts. See the {@code info} command's {@code memory tuning} line.
   */
  public static final String MEMORY_TUNING_PROPERTY = NativeMemoryTuning.PROPERTY;

  /**
   * Environment variable that requests the tuning ({@code 1}/{@code true}) when the property is
   * unset.
   */
  public static final String MEMORY_TUNING_ENV = NativeMemoryTuning.ENV;

  private static volatile TorchEngine instance;

  private final Engine engine;
  private final EngineInfo info;

  private TorchEngine(Engine engine, EngineInfo info) {
    this.engine = engine;
    this.info = info;
  }

  /**
   * Returns the started engine, starting it on first use.
   *
   * @return the engine
   * @throws EngineUnavailableException when libtorch cannot be loaded
   */
  public static TorchEngine get() {
    TorchEngine started = instance;
    if (started == null) {
      synchronized (TorchEngine.class) {
        started = instance;
        if (started == null) {
          started = start();
          instance = started;
        }
      }
    }
    return started;
  }

  private static TorchEngine start() {
    long begin = System.nanoTime();
    String tuning = NativeMemoryTuning.applyIfRequested();
    Engine engine;
    Path libraryDir;
    boolean offline;
    NativeCacheCheck.run();
    try (OfflineStartup window = OfflineStartup.open()) {
      offline = window.offline();
      engine = Engine.getEngine(ENGINE_NAME);
      libraryDir = Paths.get(LibUtils.getLibtorchPath());
    } catch (Exception | LinkageError e) {
      throw NativeDiagnostics.explain(e);
    }
    CpuBackends.Switches backends = CpuBackends.configure(libraryDir);
    boolean smallCalls = IntraOpThreads.configure(libraryDir);
    boolean cudaBuild = engine.hasCapability("CUDA");
    int gpus = cudaBuild ? engine.getGpuCount() : 0;
    EngineInfo info =
        new EngineInfo(
            Engine.getDjlVersion(),
            engine.getVersion(),
            libraryDir.toString(),
            flavorOf(libraryDir, cudaBuild),
            Utils.getEngineCacheDir("pytorch").toString(),
            offline,
            JniUtils.getNumThreads(),
            JniUtils.getNumInteropThreads(),
            cudaBuild,
            gpus,
            backends.nnpackDisabled(),
            backends.onednnSwitchable(),
            tuning,
            smallCalls,
            (System.nanoTime() - begin) / 1_000_000);
    return new TorchEngine(engine, info);
  }

  /**
   * Reads the flavor from DJL's cache directory name ({@code 2.7.1-cpu-linux-x86_64}); for a
   * user-supplied {@code PYTORCH_LIBRARY_PATH} it is {@code PYTORCH_FLAVOR} when set.
   */
  static String flavorOf(Path libraryDir, boolean cudaBuild) {
    String override = Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR");
    if (Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH") != null) {
      return override != null ? override : (cudaBuild ? "cuda" : "cpu") + " (PYTORCH_LIBRARY_PATH)";
    }
    // DJL names the cache directory VERSION[-BUILD]-FLAVOR-CLASSIFIER, e.g.
    // 2.7.1-20250812-cpu-linux-x86_64 or 2.7.1-cu128-linux-x86_64.
    Path name = libraryDir.getFileName();
    if (name != null) {
      for (String part : name.toString().split("-")) {
        if ("cpu".equals(part) || part.matches("cu\\d+")) {
          return part;
        }
      }
    }
    return cudaBuild ? "cuda" : "cpu";
  }

  /**
   * Returns what start-up loaded.
   *
   * @return the engine's description
   */
  public EngineInfo info() {
    return info;
  }

  /**
   * Returns DJL's engine object.
   *
   * @return the PyTorch engine
   */
  public Engine djl() {
    return engine;
  }

  /**
   * Checks that the engine can run on {@code device} and returns DJL's device for it.
   *
   * @param device the device asked for
   * @return DJL's device
   * @throws EngineUnavailableException when CUDA was asked for and cannot be provided
   */
  public Device device(DeviceSpec device) {
    DeviceResolver.resolve(device, info.cudaBuild(), info.cudaDevices(), describe());
    return device.isCuda() ? Device.gpu(device.index()) : Device.cpu();
  }

  /**
   * Creates a new root manager on {@code device}; the caller owns it and must close it.
   *
   * @param device the device
   * @return a manager
   */
  public NDManager newManager(DeviceSpec device) {
    return NDManager.newBaseManager(device(device), ENGINE_NAME);
  }

  /**
   * Describes the loaded libtorch for messages: {@code libtorch 2.7.1 (cpu) from DIR}.
   *
   * @return the description
   */
  public String describe() {
    return "libtorch "
        + info.libtorchVersion()
        + " ("
        + info.flavor()
        + ") from "
        + info.libraryDirectory();
  }
}
