package org.torchparity.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.torchparity.bench.BenchCase;
import org.torchparity.bench.BenchRun;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.parity.ConfigurationGenerator;
import org.torchparity.parity.Layers;
import org.torchparity.parity.Sweep;
import org.torchparity.spec.InvalidArgumentException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Every numeric option's range, and the picocli converters that enforce them while the command line
 * is parsed, before any work starts. picocli prefixes a converter's message with the option ({@code
 * Invalid value for option '--count' (N): }), so each message here says the expected range and
 * quotes the value given: {@code must be an integer from 1 to 100000 but was '2147483647'}. Numbers
 * are finite and bounded so that no sum or product of them overflows and no allocation is sized by
 * an absurd value.
 */
final class OptionLimits {
  /** {@code sweep --count}: at most {@link Sweep#MAX_COUNT}. */
  static final int SWEEP_MAX_COUNT = Sweep.MAX_COUNT;

  /** {@code sweep --max-batch}: at most {@link ConfigurationGenerator#MAX_BATCH}. */
  static final int SWEEP_MAX_BATCH = ConfigurationGenerator.MAX_BATCH;

  /** {@code sweep --max-extra-length}: at most {@link ConfigurationGenerator#MAX_EXTRA_LENGTH}. */
  static final int SWEEP_MAX_EXTRA_LENGTH = ConfigurationGenerator.MAX_EXTRA_LENGTH;

  /**
   * {@code soak --calls} and {@code --warmup}: 10^8 each, so their sum fits in a long many times
   * over; at the 14,700 calls/s measured for the README, 10^8 calls take about two hours.
   */
  static final long SOAK_MAX_CALLS = 100_000_000L;

  /** {@code soak --max-rss-growth-mb}: 1 TiB, beyond any machine this runs on. */
  static final double SOAK_MAX_RSS_GROWTH_MB = 1_048_576;

  /** {@code bench --seconds} and {@code --warmup}: ten minutes per case and implementation. */
  static final double BENCH_MAX_SECONDS = 600;

  /** {@code bench --threads}: libtorch intra-op threads. */
  static final int BENCH_MAX_THREADS = 1024;

  private OptionLimits() {}

  /** An integer from {@code min} to {@code max}. */
  abstract static class IntIn implements ITypeConverter<Integer> {
    private final int min;
    private final int max;

    IntIn(int min, int max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Integer convert(String value) {
      return (int) parseLong(value, min, max);
    }
  }

  /** A long from {@code min} to {@code max}. */
  abstract static class LongIn implements ITypeConverter<Long> {
    private final long min;
    private final long max;

    LongIn(long min, long max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Long convert(String value) {
      return parseLong(value, min, max);
    }
  }

  /** A finite number in {@code (min, max]} or {@code [min, max]}. */
  abstract static class DoubleIn implements ITypeConverter<Double> {
    private final double min;
    private final boolean minIncluded;
    private final double max;

    DoubleIn(double min, boolean minIncluded, double max) {
      this.min = min;
      this.minIncluded = minIncluded;
      this.max = max;
    }

    @Override
    public Double convert(String value) {
      String expected =
          "must be a finite number "
              + (minIncluded ? "from " : "above ")
              + plain(min)
              + (minIncluded ? " to " : " up to ")
              + plain(max)
              + " but was '"
              + value
              + "'";
      double v;
      try {
        v = Double.parseDouble(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException(expected);
      }
      // Double.parseDouble accepts "NaN", "Infinity" and "1e999" (infinite): all refused here.
      boolean aboveMin = minIncluded ? v >= min : v > min;
      if (!Double.isFinite(v) || !aboveMin || v > max) {
        throw new TypeConversionException(expected);
      }
      return v;
    }
  }

  static long parseLong(String value, long min, long max) {
    String expected = "must be an integer from " + min + " to " + max + " but was '" + value + "'";
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException(expected);
    }
    if (v < min || v > max) {
      throw new TypeConversionException(expected);
    }
    return v;
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** {@code --seed}: any long. */
  static final class Seed extends LongIn {
    Seed() {
      super(Long.MIN_VALUE, Long.MAX_VALUE);
    }
  }

  /** {@code sweep --count}. */
  static final class SweepCount extends IntIn {
    SweepCount() {
      super(1, SWEEP_MAX_COUNT);
    }
  }

  /** {@code sweep --max-batch}. */
  static final class SweepMaxBatch extends IntIn {
    SweepMaxBatch() {
      super(0, SWEEP_MAX_BATCH);
    }
  }

  /** {@code sweep --max-extra-length}. */
  static final class SweepMaxExtraLength extends IntIn {
    SweepMaxExtraLength() {
      super(0, SWEEP_MAX_EXTRA_LENGTH);
    }
  }

  /** {@code check --max-elements} and {@code --max-multiply-adds}: positive. */
  static final class PositiveLong extends LongIn {
    PositiveLong() {
      super(1, Long.MAX_VALUE);
    }
  }

  /** {@code soak --calls}. */
  static final class SoakCalls extends LongIn {
    SoakCalls() {
      super(1, SOAK_MAX_CALLS);
    }
  }

  /** {@code soak --warmup}. */
  static final class SoakWarmup extends LongIn {
    SoakWarmup() {
      super(0, SOAK_MAX_CALLS);
    }
  }

  /** {@code soak --max-rss-growth-mb}. */
  static final class SoakMaxRssGrowth extends DoubleIn {
    SoakMaxRssGrowth() {
      super(0, true, SOAK_MAX_RSS_GROWTH_MB);
    }
  }

  /** {@code bench --seconds}. */
  static final class BenchSeconds extends DoubleIn {
    BenchSeconds() {
      super(0, false, BENCH_MAX_SECONDS);
    }
  }

  /** {@code bench --warmup}. */
  static final class BenchWarmup extends DoubleIn {
    BenchWarmup() {
      super(0, true, BENCH_MAX_SECONDS);
    }
  }

  /** {@code bench --threads}. */
  static final class BenchThreads extends IntIn {
    BenchThreads() {
      super(0, BENCH_MAX_THREADS);
    }
  }

  /** {@code --device}: {@code cpu}, {@code cuda} or {@code cuda:N}. */
  static final class Device implements ITypeConverter<DeviceSpec> {
    @Override
    public DeviceSpec convert(String value) {
      try {
        return DeviceSpec.parse(value);
      } catch (InvalidArgumentException e) {
        throw new TypeConversionException(
            "must be 'cpu', 'cuda' or 'cuda:N' but was '" + value + "'");
      }
    }
  }

  /** A word from a fixed list, e.g. {@code sweep --layer}. */
  abstract static class OneOf implements ITypeConverter<String> {
    private final List<String> words;

    OneOf(String... words) {
      this.words = List.of(words);
    }

    @Override
    public String convert(String value) {
      String word = value.trim().toLowerCase(Locale.ROOT);
      if (!words.contains(word)) {
        String last = words.get(words.size() - 1);
        throw new TypeConversionException(
            "must be "
                + String.join(", ", words.subList(0, words.size() - 1))
                + " or "
                + last
                + " but was '"
                + value
                + "'");
      }
      return word;
    }
  }

  /**
   * {@code sweep --layer}: every layer {@code sweep} can draw ({@link Layers#sweepable()}), spelled
   * in snake case ({@code conv1d}, {@code conv_transpose1d}, {@code relu}, {@code sequential}) or
   * as its class name in any case, or {@code all}; converted to the class name, or {@code all}.
   */
  static final class Layer implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String word = value.trim().toLowerCase(Locale.ROOT);
      if (word.equals("all")) {
        return "all";
      }
      List<String> words = new ArrayList<>();
      for (String name : Layers.sweepable()) {
        String snake = snakeCase(name);
        if (word.equals(snake) || word.equals(name.toLowerCase(Locale.ROOT))) {
          return name;
        }
        words.add(snake);
      }
      throw new TypeConversionException(
          "must be " + String.join(", ", words) + " or all but was '" + value + "'");
    }

    /** {@code ConvTranspose1d} to {@code conv_transpose1d}, {@code ReLU} to {@code relu}. */
    static String snakeCase(String name) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean wordStart =
            i > 0
                && Character.isUpperCase(c)
                && Character.isLowerCase(name.charAt(i - 1))
                && i + 1 < name.length()
                && Character.isLowerCase(name.charAt(i + 1));
        if (wordStart) {
          s.append('_');
        }
        s.append(Character.toLowerCase(c));
      }
      return s.toString();
    }
  }

  /** {@code sweep --dtype}. */
  static final class Dtype extends OneOf {
    Dtype() {
      super("float32", "float64", "all");
    }
  }

  /** {@code bench --cases}: checked against the standard cases, kept as text. */
  static final class BenchCases implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!value.trim().equalsIgnoreCase("none")) {
        try {
          BenchCase.parse(value);
        } catch (InvalidArgumentException e) {
          throw new TypeConversionException(e.getMessage() + " (given: '" + value + "')");
        }
      }
      return value;
    }
  }

  /** {@code bench --impls}: checked against the implementation labels, kept as text. */
  static final class BenchImpls implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      for (String impl : BenchRun.Options.parseImpls(value)) {
        if (!BenchRun.PRIMARY.contains(impl) && !BenchRun.EXTRAS.contains(impl)) {
          throw new TypeConversionException(
              "unknown implementation '"
                  + impl
                  + "'; choose from "
                  + String.join(", ", BenchRun.PRIMARY)
                  + ", "
                  + String.join(", ", BenchRun.EXTRAS)
                  + " or all (given: '"
                  + value
                  + "')");
        }
      }
      return value;
    }
  }
}
