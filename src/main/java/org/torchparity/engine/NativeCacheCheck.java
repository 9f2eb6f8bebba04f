package org.torchparity.engine;

import ai.djl.util.Utils;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Checks, before DJL loads anything, the two places libtorch can come from, because a mistake in
 * either is otherwise silent or fatal:
 *
 * <ul>
 *   <li>{@code PYTORCH_LIBRARY_PATH} naming no directory with libtorch in it: DJL skips it without
 *       a word and loads the bundled CPU natives, so a user who asked for a CUDA build gets the
 *       CPU.
 *   <li>A damaged native cache (a file truncated by a full disk or an interrupted copy): DJL reuses
 *       the cache directory whenever {@code libtorch} exists there, and {@code dlopen} of a
 *       truncated library kills the JVM with SIGBUS. Each cached file's size is compared with the
 *       bundled copy on the classpath (the jar records uncompressed sizes, so nothing is read).
 * </ul>
 */
final class NativeCacheCheck {
  private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
  private static final String JNI_PROPERTIES = "jnilib/pytorch.properties";

  private NativeCacheCheck() {}

  /**
   * Runs both checks.
   *
   * @throws EngineUnavailableException saying what is wrong and what to do
   */
  static void run() {
    String override = Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH");
    if (override != null) {
      checkOverride(override);
      return;
    }
    checkCache(Utils.getEngineCacheDir("pytorch"));
  }

  static void checkOverride(String override) {
    String libtorch = System.mapLibraryName("torch");
    for (String element : override.split(File.pathSeparator)) {
      File path = new File(element);
      if (path.isFile() && path.getName().equals(libtorch) || new File(path, libtorch).isFile()) {
        return;
      }
    }
    throw new EngineUnavailableException(
        "PYTORCH_LIBRARY_PATH is '"
            + override
            + "' but no directory in it holds "
            + libtorch
            + "; DJL would ignore it and load the bundled CPU natives instead. Point it at the lib"
            + " directory of a libtorch 2.7.1 build, or unset it to use the bundled CPU natives.",
        null);
  }

  static void checkCache(Path pytorchCache) {
    Properties natives = properties(NATIVE_PROPERTIES);
    if (natives == null) {
      return; // no bundled natives: DJL's own diagnostics explain that (see NativeDiagnostics)
    }
    String version = natives.getProperty("version", "");
    String flavor = natives.getProperty("flavor", "");
    String classifier = natives.getProperty("classifier", "");
    Path dir = pytorchCache.resolve(version + '-' + flavor + '-' + classifier);
    if (!Files.isRegularFile(dir.resolve(System.mapLibraryName("torch")))) {
      return; // DJL extracts a fresh copy
    }
    for (String file : natives.getProperty("libraries", "").split(",")) {
      if (!file.isBlank()) {
        compare(
            dir,
            dir.resolve(file.trim()),
            "pytorch/" + flavor + '/' + classifier + '/' + file.trim());
      }
    }
    Properties jni = properties(JNI_PROPERTIES);
    String jniVersion = jni == null ? null : jni.getProperty("jni_version");
    if (jniVersion != null) {
      String jniName = System.mapLibraryName("djl_torch");
      String djlVersion = jniVersion.substring(jniVersion.lastIndexOf('-') + 1);
      Path cached = dir.resolve(djlVersion + '-' + jniName);
      if (Files.exists(cached)) {
        compare(dir, cached, "jnilib/" + classifier + '/' + flavor + '/' + jniName);
      }
    }
  }

  private static void compare(Path dir, Path cached, String resource) {
    URL url = NativeCacheCheck.class.getClassLoader().getResource(resource);
    if (url == null) {
      return;
    }
    long expected;
    long actual;
    try {
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false);
      expected = connection.getContentLengthLong();
      actual = Files.exists(cached) ? Files.size(cached) : -1;
    } catch (IOException e) {
      return; // cannot tell; DJL goes on and reports what it finds
    }
    if (expected >= 0 && actual != expected) {
      throw new EngineUnavailableException(
          "the native cache is damaged: "
              + cached
              + (actual < 0 ? " is missing" : " has " + actual + " bytes")
              + " but the bundled copy has "
              + expected
              + ". Delete "
              + dir
              + " and run again: it is re-extracted from the pytorch-native-cpu jar on the"
              + " classpath (DJL_CACHE_DIR or ENGINE_CACHE_DIR choose another directory).",
          null);
    }
  }

  private static Properties properties(String resource) {
    URL url = NativeCacheCheck.class.getClassLoader().getResource(resource);
    if (url == null) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = url.openStream()) {
      properties.load(in);
      return properties;
    } catch (IOException e) {
      return null;
    }
  }
}
