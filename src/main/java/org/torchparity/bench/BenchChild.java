package org.torchparity.bench;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Entry point of the child JVM that {@link BenchRun} starts to time raw DJL with DJL's defaults (no
 * memory recipe). Arguments are {@code --name=value}: {@code cases}, {@code impls}, {@code
 * seconds}, {@code warmup}, {@code threads}. Prints one JSON object on stdout.
 */
final class BenchChild {
  private BenchChild() {}

  /**
   * Runs the listed in-process implementations and prints their rows as JSON.
   *
   * @param args {@code --name=value} pairs
   */
  public static void main(String[] args) {
    Map<String, String> a = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value but got " + arg);
      }
      a.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    BenchRun.Options options =
        new BenchRun.Options(
            BenchCase.parse(a.get("cases")),
            BenchRun.Options.parseImpls(a.getOrDefault("impls", "djl")),
            Double.parseDouble(a.getOrDefault("seconds", "1")),
            Double.parseDouble(a.getOrDefault("warmup", "1")),
            Integer.parseInt(a.getOrDefault("threads", "0")),
            "",
            null,
            true);
    BenchReport report = BenchRun.run(options, null);
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    out.println(report.toJsonString());
    out.flush();
    System.exit(0);
  }
}
