package org.torchparity.engine;

import ai.djl.util.Utils;

/**
 * Keeps DJL off the network while the engine starts, and only then.
 *
 * <p>Why a flag is flipped at all: with the {@code pytorch-native-cpu} and {@code pytorch-jni} jars
 * on the classpath, DJL's {@code LibUtils} extracts the natives from the classpath and downloads
 * nothing; it downloads only when the native jar is missing, when {@code PYTORCH_VERSION} names
 * another version, or when the JNI jar does not match. But the first use of DJL's {@code Engine}
 * class also runs {@code Ec2Utils.callHome}, which probes the EC2 metadata address
 * (169.254.169.254, up to three requests with one-second time-outs) to send telemetry, unless
 * {@code ai.djl.offline} (or {@code DJL_OFFLINE}, or {@code OPT_OUT_TRACKING}) says otherwise. So
 * {@code ai.djl.offline=true} is set for the start-up: no telemetry probe, and a missing native jar
 * is an error that says so instead of a download.
 *
 * <p>How it stays local: the property is set only when neither it nor {@code DJL_OFFLINE} is set,
 * and cleared again as soon as DJL has loaded libtorch, unless someone else changed it meanwhile. A
 * host application's own model-zoo downloads after that see the JVM as it was. What remains: a
 * thread that reads the property during the start-up window (about a second, once per JVM) sees
 * {@code true}; and because DJL calls home only once per JVM, in its static initialiser, a JVM
 * whose first DJL use is torch-parity sends no telemetry.
 */
final class OfflineStartup implements AutoCloseable {
  /** DJL's system property. */
  static final String PROPERTY = "ai.djl.offline";

  /** DJL's environment variable, which wins over the property. */
  static final String ENV = "DJL_OFFLINE";

  private final boolean setHere;

  private OfflineStartup(boolean setHere) {
    this.setHere = setHere;
  }

  /**
   * Sets {@code ai.djl.offline=true} unless the user decided.
   *
   * @return the window; close it once DJL has loaded libtorch
   */
  static OfflineStartup open() {
    boolean decided = System.getProperty(PROPERTY) != null || System.getenv(ENV) != null;
    if (!decided) {
      System.setProperty(PROPERTY, "true");
    }
    return new OfflineStartup(!decided);
  }

  /**
   * Tells whether DJL is in offline mode during the start-up.
   *
   * @return DJL's own reading of the property and the environment
   */
  boolean offline() {
    return Utils.isOfflineMode();
  }

  /** Clears the property again if this window set it and nobody changed it since. */
  @Override
  public void close() {
    if (!setHere) {
      return;
    }
    if ("true".equals(System.getProperty(PROPERTY))) {
      System.clearProperty(PROPERTY);
    }
  }
}
