package org.torchparity.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.ProcessMemory;
import org.torchparity.engine.TorchEngine;
import org.torchparity.nn.Module;
import org.torchparity.parity.Layers;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.ModuleSpec;
import org.torchparity.spec.PaddingMode;
import org.torchparity.spec.ReluSpec;
import org.torchparity.spec.SequentialSpec;
import org.torchparity.spec.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code soak}: runs many forward passes of mixed sizes, through the entry points (Java tensors,
 * caller-owned NDArrays and, on the CPU, direct buffers), with a backward pass (tensors and
 * NDArrays in turn) and a layer create/close cycle now and then, and samples the process's RSS.
 * Native memory that is not freed shows as growth after the warm-up.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
      "Run N mixed forward calls and report RSS growth after warm-up (leak check).",
      "Ends with a verdict line; exits 0 when RSS grew by at most --max-rss-growth-mb, 3 when it"
          + " grew by more."
    })
final class SoakCommand implements Callable<Integer> {
  /** The default of {@code --max-rss-growth-mb}. */
  static final String DEFAULT_MAX_RSS_GROWTH_MB = "64";

  @Option(
      names = "--calls",
      paramLabel = "N",
      converter = OptionLimits.SoakCalls.class,
      description =
          "Calls after warm-up, 1 to "
              + OptionLimits.SOAK_MAX_CALLS
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "100000")
  long calls;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      converter = OptionLimits.SoakWarmup.class,
      description =
          "Warm-up calls before RSS is first measured, 0 to "
              + OptionLimits.SOAK_MAX_CALLS
              + " (default: ${DEFAULT-VALUE}).",
      defaultValue = "20000")
  long warmup;

  @Option(
      names = "--max-rss-growth-mb",
      paramLabel = "MB",
      converter = OptionLimits.SoakMaxRssGrowth.class,
      description =
          "Fail (exit 3) when RSS grows by more than this many MiB between the end of the warm-up"
              + " and the end of the run, 0 to "
              + (long) OptionLimits.SOAK_MAX_RSS_GROWTH_MB
              + " (default: ${DEFAULT-VALUE}: well above the few MiB that allocator caches"
              + " move, well below what a leak of 1 KB per call shows over the default run).",
      defaultValue = DEFAULT_MAX_RSS_GROWTH_MB)
  double maxRssGrowthMb;

  @Option(
      names = "--seed",
      paramLabel = "S",
      converter = OptionLimits.Seed.class,
      description = "Seed of the workload (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  long seed;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Mixin DeviceOption deviceOption;

  @Spec CommandSpec spec;

  /** Reads the process's RSS in MiB, negative where it cannot; tests replace it. */
  DoubleSupplier rss = ProcessMemory::rssMegabytes;

  /** Every this many calls the current layers are closed and rebuilt. */
  private static final int LAYER_CYCLE = 1_000;

  /** Every this many calls one backward pass runs. */
  private static final int BACKWARD_EVERY = 100;

  private static final int[] LENGTHS = {16, 33, 64, 128};
  private static final int[] BATCHES = {1, 3};

  private static final List<ModuleSpec> WORKLOAD =
      List.of(
          ConvSpec.conv1d(2, 1, 2).build(),
          ConvSpec.conv1d(8, 16, 5).padding("same").build(),
          ConvSpec.conv1d(16, 16, 3).groups(16).paddingMode(PaddingMode.REFLECT).padding(1).build(),
          ConvSpec.conv1d(4, 8, 3).dilation(2).dtype(DType.FLOAT64).build(),
          ConvSpec.convTranspose1d(8, 4, 4).stride(2).padding(1).build(),
          // A tree: building and closing it frees its children's native memory too.
          SequentialSpec.of(
              ConvSpec.conv1d(4, 8, 3).padding(1).build(),
              ReluSpec.of(),
              ConvSpec.convTranspose1d(8, 4, 2).stride(2).build()));

  @Override
  public Integer call() {
    if (rss.getAsDouble() < 0) {
      throw new IllegalStateException(
          "soak measures resident memory through /proc/self/status, which this system does not"
              + " have (Linux only); nothing was run");
    }
    DeviceSpec target = deviceOption.checked();
    TorchEngine engine = TorchEngine.get();
    SplittableRandom random = new SplittableRandom(seed);
    Module[] layers = new Module[WORKLOAD.size()];
    long layersCreated = 0;
    double rssStart = Double.NaN;
    double rssMax = 0;
    long begin = System.nanoTime();
    long measuredBegin = begin;
    HostBuffers buffers = target.isCuda() ? null : new HostBuffers();
    try (NDManager caller = engine.newManager(target)) {
      long total = warmup + calls;
      long sampleEvery = Math.max(1, total / 50);
      for (long call = 0; call < total; call++) {
        if (call % LAYER_CYCLE == 0) {
          for (int i = 0; i < layers.length; i++) {
            if (layers[i] != null) {
              layers[i].close();
            }
            layers[i] = Layers.build(WORKLOAD.get(i), target);
            layersCreated++;
          }
        }
        if (call == warmup) {
          rssStart = settledRss();
          rssMax = Math.max(rssMax, rssStart);
          measuredBegin = System.nanoTime();
        }
        int which = random.nextInt(layers.length);
        runOne(layers[which], caller, random, call, buffers);
        if (call % sampleEvery == 0) {
          rssMax = Math.max(rssMax, rss.getAsDouble());
        }
      }
    } finally {
      for (Module layer : layers) {
        if (layer != null) {
          layer.close();
        }
      }
    }
    double rssEnd = settledRss();
    rssMax = Math.max(rssMax, rssEnd);
    double seconds = (System.nanoTime() - measuredBegin) / 1e9;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("calls", calls);
    result.put("rss_start_mb", round(rssStart));
    result.put("rss_end_mb", round(rssEnd));
    result.put("rss_growth_mb", round(rssEnd - rssStart));
    result.put("rss_max_mb", round(rssMax));
    result.put("warmup_calls", warmup);
    result.put("layers_created", layersCreated);
    result.put("seconds", round(seconds));
    result.put("calls_per_second", Math.round(calls / seconds));
    double growth = round(rssEnd - rssStart);
    boolean held = growth <= maxRssGrowthMb;
    result.put("max_rss_growth_mb", maxRssGrowthMb);
    result.put("verdict", verdict(held, growth, maxRssGrowthMb));
    print(result);
    return held ? ExitCodes.OK : ExitCodes.PARITY_FAILED;
  }

  /**
   * The verdict line, e.g. {@code PASS rss growth 3.1 MB <= threshold 64 MB}.
   *
   * @param held whether the growth stayed within the threshold
   * @param growth RSS growth after warm-up, in MiB
   * @param threshold {@code --max-rss-growth-mb}
   * @return the verdict
   */
  static String verdict(boolean held, double growth, double threshold) {
    return String.format(
        Locale.ROOT,
        "%s rss growth %s MB %s threshold %s MB",
        held ? "PASS" : "FAIL",
        number(growth),
        held ? "<=" : ">",
        number(threshold));
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static void runOne(
      Module layer, NDManager caller, SplittableRandom random, long call, HostBuffers buffers) {
    ModuleSpec conv = layer.spec();
    // A fixed menu of sizes: oneDNN compiles a kernel per new shape (milliseconds each), which
    // would otherwise dominate the run and look like slowness rather than a leak.
    int length = LENGTHS[random.nextInt(LENGTHS.length)];
    int[] shape = {BATCHES[random.nextInt(BATCHES.length)], inChannels(conv), length};
    ai.djl.ndarray.types.DataType type =
        conv.dtype() == DType.FLOAT32
            ? ai.djl.ndarray.types.DataType.FLOAT32
            : ai.djl.ndarray.types.DataType.FLOAT64;
    if (call % BACKWARD_EVERY == 0) {
      // Alternately through the Tensor and the NDArray backward API.
      if (call % (2 * BACKWARD_EVERY) == 0) {
        Tensor input = Tensor.full(shape, 0.5, conv.dtype());
        Tensor grad = Tensor.full(conv.outputShape(shape), 1.0, conv.dtype());
        layer.backward(input, grad);
      } else {
        try (NDManager scope = caller.newSubManager()) {
          NDArray x = scope.ones(new Shape(shape[0], shape[1], shape[2]), type);
          int[] out = conv.outputShape(shape);
          layer.backward(x, scope.ones(new Shape(out[0], out[1], out[2]), type));
        }
      }
    } else if (call % 2 == 0) {
      layer.forward(Tensor.full(shape, 0.25, conv.dtype()));
    } else if (buffers != null && call % 4 == 1) {
      layer.forward(buffers.input(shape, conv), shape, buffers.output(shape, conv));
    } else {
      try (NDManager scope = caller.newSubManager()) {
        NDArray x = scope.ones(new Shape(shape[0], shape[1], shape[2]), type);
        layer.forward(x);
      }
    }
  }

  /**
   * Direct buffers for the buffer API, made once: 8-byte values, batch 3, up to 16 channels and
   * length 128 in, 258 out (the transposed layer doubles the length), with room to spare.
   */
  private static final class HostBuffers {
    private static final int BYTES = 8 * 3 * 16 * 512;
    private final ByteBuffer in = ByteBuffer.allocateDirect(BYTES).order(ByteOrder.nativeOrder());
    private final ByteBuffer out = ByteBuffer.allocateDirect(BYTES).order(ByteOrder.nativeOrder());

    ByteBuffer input(int[] shape, ModuleSpec conv) {
      return in.clear().limit(Math.toIntExact(Tensor.numel(shape) * conv.dtype().byteSize()));
    }

    ByteBuffer output(int[] shape, ModuleSpec conv) {
      int[] outShape = conv.outputShape(shape);
      return out.clear().limit(Math.toIntExact(Tensor.numel(outShape) * conv.dtype().byteSize()));
    }
  }

  /** The channels a workload module takes: a convolution's, or its first child's. */
  private static int inChannels(ModuleSpec spec) {
    return spec instanceof ConvSpec conv
        ? conv.inChannels()
        : inChannels(spec.children().get(0).spec());
  }

  /**
   * RSS after a GC: DJL frees the direct buffers behind arrays made from Java data when the
   * collector finds them, so without a GC the reading would swing with the collector's timing.
   */
  private double settledRss() {
    System.gc();
    return rss.getAsDouble();
  }

  private void print(Map<String, Object> result) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      try {
        out.println(new ObjectMapper().writeValueAsString(result));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      result.forEach((k, v) -> out.printf(Locale.ROOT, "%-16s %s%n", k + ":", v));
    }
    out.flush();
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
