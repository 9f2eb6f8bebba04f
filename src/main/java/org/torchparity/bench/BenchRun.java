package org.torchparity.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.torchparity.engine.EngineInfo;
import org.torchparity.engine.ProcessMemory;
import org.torchparity.engine.TorchEngine;
import org.torchparity.spec.InvalidArgumentException;

/**
 * Runs the benchmark: the in-process implementations side by side in interleaved rounds ({@link
 * Harness}), then, per case, raw DJL in a child JVM started without the memory recipe, and PyTorch
 * eager in Python subprocesses (plain, and with glibc's allocator tuned through its environment).
 */
public final class BenchRun {
  /** The implementations the JSON names. */
  public static final List<String> PRIMARY = List.of("facade", "djl", "reference", "python");

  /** Additional figures: the facade's native path and the best libtorch can do here. */
  public static final List<String> EXTRAS =
      List.of(
          "facade-ndarray",
          "facade-buffer",
          "djl-recipe",
          "python-tuned",
          "torchscript",
          "facade-scripted",
          "facade-scripted-folded");

  /** The Python script, shipped as a resource. */
  static final String SCRIPT = "bench_torch.py";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to run.
   *
   * @param cases the cases
   * @param impls implementation labels, from {@link #PRIMARY} and {@link #EXTRAS}
   * @param seconds measuring time per case and implementation
   * @param warmupSeconds warm-up time per case and implementation
   * @param threads libtorch intra-op threads to set on the measuring thread, 0 for libtorch's
   *     default
   * @param python the Python interpreter
   * @param scaling the scaling sweeps to run too, or {@code null} for none
   * @param child whether this process is the child JVM of another run (in-process only)
   */
  public record Options(
      List<BenchCase> cases,
      List<String> impls,
      double seconds,
      double warmupSeconds,
      int threads,
      String python,
      Scaling scaling,
      boolean child) {

    /** Checks the labels and times. */
    public Options {
      cases = List.copyOf(cases);
      impls = List.copyOf(impls);
      for (String impl : impls) {
        if (!PRIMARY.contains(impl) && !EXTRAS.contains(impl)) {
          throw new InvalidArgumentException(
              "impls", "unknown implementation '" + impl + "'; choose from " + PRIMARY + EXTRAS);
        }
      }
      if (!(seconds > 0) || !Double.isFinite(seconds)) {
        throw new InvalidArgumentException(
            "seconds", "seconds must be finite and above 0 but was " + seconds);
      }
      if (!(warmupSeconds >= 0) || !Double.isFinite(warmupSeconds)) {
        throw new InvalidArgumentException(
            "warmupSeconds",
            "warmupSeconds must be finite and at least 0 but was " + warmupSeconds);
      }
      if (threads < 0) {
        throw new InvalidArgumentException(
            "threads", "threads must be 0 (libtorch's default) or more but was " + threads);
      }
    }

    /**
     * Parses a comma-separated implementation list.
     *
     * @param text labels, or {@code all}
     * @return the labels
     */
    public static List<String> parseImpls(String text) {
      if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
        List<String> all = new ArrayList<>(PRIMARY);
        all.addAll(EXTRAS);
        return all;
      }
      List<String> result = new ArrayList<>();
      for (String s : text.split(",")) {
        result.add(s.trim().toLowerCase(Locale.ROOT));
      }
      return result;
    }
  }

  /**
   * One implementation that could not run a case, and why.
   *
   * @param caseName the case
   * @param impl the implementation
   * @param reason why
   */
  public record Unavailable(String caseName, String impl, String reason) {
    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("case", caseName);
      m.put("impl", impl);
      m.put("reason", reason);
      return m;
    }
  }

  private final Options options;
  private final PrintWriter progress;
  private final List<Row> rows = new ArrayList<>();
  private final List<Unavailable> unavailable = new ArrayList<>();
  private final List<Map<String, Object>> scalingRows = new ArrayList<>();
  private Path script;

  private BenchRun(Options options, PrintWriter progress) {
    this.options = options;
    this.progress = progress;
  }

  /**
   * Runs the benchmark.
   *
   * @param options what to run
   * @param progress where to print each case's rows as they finish, or {@code null}
   * @return the report
   */
  public static BenchReport run(Options options, PrintWriter progress) {
    return new BenchRun(options, progress).execute();
  }

  private BenchReport execute() {
    double rssStart = ProcessMemory.rssMegabytes();
    EngineInfo info = TorchEngine.get().info();
    if (options.threads() > 0) {
      JniUtils.setNumThreads(options.threads());
    }
    int threads = JniUtils.getNumThreads();
    boolean recipe = info.memoryTuning().startsWith("on");
    for (BenchCase c : options.cases()) {
      int before = rows.size();
      runInProcess(c, threads, recipe);
      if (!options.child()) {
        if (options.impls().contains("djl")) {
          runChildJvm(c, threads);
        }
        if (options.impls().contains("python")) {
          runPython(c, threads, false);
        }
        if (options.impls().contains("python-tuned")) {
          runPython(c, threads, true);
        }
      }
      if (progress != null) {
        BenchReport.printRows(progress, rows.subList(before, rows.size()));
        progress.flush();
      }
    }
    if (options.scaling() != null) {
      scalingRows.addAll(ConvScaling.run(options, threads, progress));
      scalingRows.addAll(ModelScaling.run(options, threads, progress, unavailable));
    }
    return new BenchReport(
        Machine.describe(info, threads),
        options,
        rows,
        unavailable,
        scalingRows,
        rssStart,
        ProcessMemory.rssMegabytes());
  }

  private void runInProcess(BenchCase c, int threads, boolean recipe) {
    List<String> labels = new ArrayList<>();
    List<Workload> workloads = new ArrayList<>();
    try {
      for (String label : options.impls()) {
        if (label.equals("torchscript") && !options.child()) {
          try {
            workloads.add(TorchScriptImpl.prepare(c, options.python(), script()));
            labels.add(label);
          } catch (UnsupportedOperationException e) {
            unavailable.add(new Unavailable(c.name(), label, e.getMessage()));
          }
          continue;
        }
        Impl impl = inProcess(label);
        if (impl == null) {
          continue;
        }
        if (label.equals("djl-recipe") && !recipe) {
          unavailable.add(
              new Unavailable(
                  c.name(), label, "this process runs without the memory recipe (see info)"));
          continue;
        }
        try {
          workloads.add(impl.prepare(c));
          labels.add(label);
        } catch (UnsupportedOperationException e) {
          unavailable.add(new Unavailable(c.name(), label, e.getMessage()));
        }
      }
      if (workloads.isEmpty()) {
        return;
      }
      if (ModelCases.isModel(c)) {
        checkOutputs(c, labels, workloads);
      }
      double rssBefore = ProcessMemory.rssMegabytes();
      List<Harness.Timing> timings =
          Harness.measure(workloads, options.warmupSeconds(), options.seconds());
      double rssAfter = ProcessMemory.rssMegabytes();
      for (int i = 0; i < labels.size(); i++) {
        int t =
            labels.get(i).equals("reference")
                ? Runtime.getRuntime().availableProcessors()
                : threads;
        boolean reduced = labels.get(i).equals("reference") && ModelCases.isModel(c);
        rows.add(
            Row.of(
                reduced ? ModelCases.firstSampleCase(c) : c,
                reduced ? "reference (batch 1)" : labels.get(i),
                timings.get(i),
                t,
                rssBefore,
                rssAfter));
      }
    } finally {
      workloads.forEach(Workload::close);
    }
  }

  /**
   * Checks every in-process implementation's output against the facade's before anything is timed;
   * a mismatch fails the run. The facade's output is kept for the Python children's check.
   */
  private void checkOutputs(BenchCase c, List<String> labels, List<Workload> workloads) {
    float[] expected = facadeOutput(c);
    for (int i = 0; i < labels.size(); i++) {
      if (labels.get(i).endsWith("-folded")) {
        String error =
            ModelCases.checkFolded(c, labels.get(i), expected, workloads.get(i).output());
        if (progress != null) {
          progress.println(error);
        }
        continue;
      }
      ModelCases.check(c, labels.get(i), expected, workloads.get(i).output());
    }
  }

  private final Map<String, float[]> facadeOutputs = new LinkedHashMap<>();

  private float[] facadeOutput(BenchCase c) {
    return facadeOutputs.computeIfAbsent(
        c.name(),
        n -> {
          try (Workload w = Impl.FACADE.prepare(c)) {
            return w.output();
          }
        });
  }

  /** Maps a label to the implementation this process runs for it, or null for a subprocess. */
  private Impl inProcess(String label) {
    switch (label) {
      case "facade":
        return Impl.FACADE;
      case "facade-ndarray":
        return Impl.FACADE_NDARRAY;
      case "facade-buffer":
        return Impl.FACADE_BUFFER;
      case "facade-scripted":
        return Impl.FACADE_SCRIPTED;
      case "facade-scripted-folded":
        return Impl.FACADE_SCRIPTED_FOLDED;
      case "reference":
        return Impl.REFERENCE;
      case "djl":
        // In the child JVM "djl" is raw DJL in-process; in the parent it is the child's job.
        return options.child() ? Impl.RAW_DJL : null;
      case "djl-recipe":
        return options.child() ? null : Impl.RAW_DJL;
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------- raw DJL in a child JVM

  /**
   * Raw DJL with DJL's defaults runs in a JVM of its own: the memory recipe is process-wide and
   * cannot be undone once applied, so measuring "defaults" beside the facade in one process would
   * measure the recipe instead. The child starts with the recipe explicitly off and the glibc and
   * libtorch allocator variables removed from its environment, and runs the same harness.
   */
  private void runChildJvm(BenchCase c, int threads) {
    List<String> command = new ArrayList<>();
    command.add(ChildProcess.javaExecutable());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-Xmx") || arg.startsWith("-Xms") || arg.startsWith("-Xss")) {
        command.add(arg);
      }
    }
    command.add("-D" + TorchEngine.MEMORY_TUNING_PROPERTY + "=false");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-Dorg.slf4j.simpleLogger.log.ai.djl=error");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchChild.class.getName());
    command.add("--cases=" + c.name());
    command.add("--impls=djl");
    command.add("--seconds=" + options.seconds());
    command.add("--warmup=" + options.warmupSeconds());
    command.add("--threads=" + threads);
    JsonNode out = runProcess(c, "djl", command, null, false);
    if (out != null) {
      for (JsonNode r : out.path("results")) {
        rows.add(Row.fromJson(r, "djl", c, r.path("threads").asInt(threads)));
      }
      for (JsonNode u : out.path("unavailable")) {
        unavailable.add(new Unavailable(c.name(), "djl", u.path("reason").asText()));
      }
    }
  }

  // ---------------------------------------------------------------- Python

  /**
   * PyTorch eager through {@code bench_torch.py}. The tuned variant gets glibc's equivalents of the
   * memory recipe as environment variables ({@code MALLOC_TRIM_THRESHOLD_}, {@code
   * MALLOC_MMAP_MAX_=0}) and {@code THP_MEM_ALLOC_ENABLE=1}.
   */
  private void runPython(BenchCase c, int threads, boolean tuned) {
    String label = tuned ? "python-tuned" : "python";
    Path python = Path.of(options.python());
    if (!Files.isExecutable(python)) {
      unavailable.add(new Unavailable(c.name(), label, options.python() + " not found"));
      return;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("cases", List.of(c.toJson()));
    request.put("seconds", options.seconds());
    request.put("warmup_seconds", options.warmupSeconds());
    request.put("threads", threads);
    Path dir = null;
    if (ModelCases.isModel(c)) {
      dir = ModelCases.writeInputs(c);
      request.put("weights", dir.resolve("weights.npz").toString());
      request.put("inputs", dir.resolve("input.npz").toString());
      request.put("output", dir.resolve("output.npz").toString());
    }
    try {
      runPython(c, threads, tuned, label, request, dir);
    } finally {
      ModelCases.deleteTree(dir);
    }
  }

  private void runPython(
      BenchCase c,
      int threads,
      boolean tuned,
      String label,
      Map<String, Object> request,
      Path dir) {
    String input;
    try {
      input = JSON.writeValueAsString(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> command = List.of(options.python(), script().toString());
    JsonNode out = runProcess(c, label, command, input, tuned);
    if (out == null) {
      return;
    }
    if (out.has("error")) {
      unavailable.add(new Unavailable(c.name(), label, out.get("error").asText()));
      return;
    }
    if (dir != null) {
      ModelCases.check(c, label, facadeOutput(c), ModelCases.readOutput(dir.resolve("output.npz")));
    }
    for (JsonNode r : out.path("results")) {
      rows.add(Row.fromJson(r, label, c, out.path("threads").asInt(threads)));
    }
  }

  private Path script() {
    if (script == null) {
      try (InputStream in = BenchRun.class.getResourceAsStream(SCRIPT)) {
        if (in == null) {
          throw new IllegalStateException(SCRIPT + " is missing from the jar");
        }
        Path file = Files.createTempFile("torch-parity-bench", ".py");
        file.toFile().deleteOnExit();
        Files.write(file, in.readAllBytes());
        script = file;
      } catch (IOException e) {
        throw new IllegalStateException("cannot write " + SCRIPT + ": " + e.getMessage(), e);
      }
    }
    return script;
  }

  private JsonNode runProcess(
      BenchCase c, String label, List<String> command, String stdin, boolean tunedMalloc) {
    long limit = (long) (60 + 40 * (options.seconds() + options.warmupSeconds()));
    ChildProcess.Outcome outcome = ChildProcess.run(command, stdin, tunedMalloc, limit);
    if (outcome.failure() != null) {
      unavailable.add(new Unavailable(c.name(), label, outcome.failure()));
    }
    return outcome.json();
  }

  // ---------------------------------------------------------------- scaling

  /**
   * The scaling sweeps: {@code Conv1d(channels, channels, 3)} against length at a fixed batch, and
   * against batch at a fixed length.
   *
   * @param channels input and output channels
   * @param batch the batch of the length sweep
   * @param lengths the lengths of the length sweep
   * @param length the length of the batch sweep
   * @param batches the batches of the batch sweep
   */
  public record Scaling(int channels, int batch, int[] lengths, int length, int[] batches) {
    /** Four sizes a factor of 4 apart on each axis; the largest input is 67 MB. */
    public static final Scaling STANDARD =
        new Scaling(64, 4, new int[] {1024, 4096, 16384, 65536}, 4096, new int[] {1, 4, 16, 64});

    /** Copies the arrays. */
    public Scaling {
      lengths = lengths.clone();
      batches = batches.clone();
    }
  }
}
