package org.torchparity.parity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;

/**
 * Draws random valid module configurations: a layer type (each registered in {@link Layers} with a
 * {@link ConfigSource}), a dtype, then the layer's own arguments and an input shape PyTorch
 * accepts. For the convolutions that is the whole option space: every padding form and mode,
 * dilation, stride, groups (depthwise included), bias on and off, batches from 0, unbatched inputs,
 * lengths from 1 (reflect padding shorter than the input, circular padding at most the input,
 * kernel no longer than the padded input, transposed output at least 1 long); ReLU runs on shapes
 * of rank 1 to 3, Sequential on small chains of convolutions and ReLUs.
 *
 * <p>Deterministic: the same seed gives the same sequence.
 */
public final class ConfigurationGenerator {
  /**
   * The largest {@code maxBatch}: with at most 6 input channels and {@link #MAX_EXTRA_LENGTH}, one
   * input holds at most 256 * 6 * 4110 values (about 50 MB as doubles), so every drawn case fits in
   * a default heap.
   */
  public static final int MAX_BATCH = 256;

  /** The largest {@code maxExtraLength}; see {@link #MAX_BATCH}. */
  public static final int MAX_EXTRA_LENGTH = 4096;

  private final List<String> layers;
  private final List<ConfigSource> sources;
  private final Set<DType> dtypes;
  private final ConfigSource.Bounds bounds;

  /**
   * Creates a generator over convolutions.
   *
   * @param kinds which convolutions to draw
   * @param dtypes which dtypes to draw
   * @param maxBatch largest batch size (0 is drawn too), 0 to {@link #MAX_BATCH}
   * @param maxExtraLength how far beyond the shortest valid length an input may reach, 0 to {@link
   *     #MAX_EXTRA_LENGTH}
   * @throws InvalidArgumentException when a set is empty or a bound is out of range
   */
  public ConfigurationGenerator(
      Set<ConvSpec.Kind> kinds, Set<DType> dtypes, int maxBatch, int maxExtraLength) {
    this(layerNames(kinds), dtypes, maxBatch, maxExtraLength);
  }

  /**
   * Creates a generator over any registered layers.
   *
   * @param layers PyTorch class names registered in {@link Layers} with a {@link ConfigSource}, in
   *     the order they are drawn from
   * @param dtypes which dtypes to draw
   * @param maxBatch largest batch size (0 is drawn too), 0 to {@link #MAX_BATCH}
   * @param maxExtraLength how far beyond the shortest valid length an input may reach, 0 to {@link
   *     #MAX_EXTRA_LENGTH}
   * @throws InvalidArgumentException when a collection is empty, a layer has no configuration
   *     source, or a bound is out of range
   */
  public ConfigurationGenerator(
      Collection<String> layers, Set<DType> dtypes, int maxBatch, int maxExtraLength) {
    if (layers.isEmpty() || dtypes.isEmpty()) {
      throw new InvalidArgumentException(
          layers.isEmpty() ? "layers" : "dtypes", "layers and dtypes must not be empty");
    }
    if (maxBatch < 0 || maxBatch > MAX_BATCH) {
      throw new InvalidArgumentException(
          "maxBatch", "maxBatch must be from 0 to " + MAX_BATCH + " but was " + maxBatch);
    }
    if (maxExtraLength < 0 || maxExtraLength > MAX_EXTRA_LENGTH) {
      throw new InvalidArgumentException(
          "maxExtraLength",
          "maxExtraLength must be from 0 to " + MAX_EXTRA_LENGTH + " but was " + maxExtraLength);
    }
    this.layers = List.copyOf(layers);
    List<ConfigSource> found = new ArrayList<>();
    for (String layer : this.layers) {
      found.add(Layers.configSource(layer));
    }
    this.sources = List.copyOf(found);
    this.dtypes = EnumSet.copyOf(dtypes);
    this.bounds = new ConfigSource.Bounds(maxBatch, maxExtraLength);
  }

  private static List<String> layerNames(Set<ConvSpec.Kind> kinds) {
    List<String> names = new ArrayList<>();
    for (ConvSpec.Kind kind : ConvSpec.Kind.values()) {
      if (kinds.contains(kind)) {
        names.add(kind.torchName());
      }
    }
    return names;
  }

  /**
   * A generator over every convolution option: both convolutions, both dtypes, batch up to 3,
   * lengths up to 12 beyond the shortest valid one. (For every registered layer, see {@link
   * #allLayers()}.)
   *
   * @return the generator
   */
  public static ConfigurationGenerator everything() {
    return new ConfigurationGenerator(
        EnumSet.allOf(ConvSpec.Kind.class), EnumSet.copyOf(DType.floatingTypes()), 3, 12);
  }

  /**
   * A generator over every layer registered with a configuration source, with the bounds of {@link
   * #everything()}.
   *
   * @return the generator
   */
  public static ConfigurationGenerator allLayers() {
    return new ConfigurationGenerator(
        Layers.sweepable(), EnumSet.copyOf(DType.floatingTypes()), 3, 12);
  }

  /**
   * Returns the layers drawn, in order.
   *
   * @return PyTorch class names
   */
  public List<String> layers() {
    return layers;
  }

  /**
   * Draws one configuration.
   *
   * @param random the source of randomness
   * @return a configuration PyTorch accepts
   */
  public Configuration next(SplittableRandom random) {
    ConfigSource source = sources.get(random.nextInt(sources.size()));
    DType dtype = ConvConfigs.pick(random, dtypes.toArray(new DType[0]));
    return source.draw(random, dtype, bounds);
  }

  /**
   * Returns the shortest input length PyTorch accepts for a convolution.
   *
   * @param spec the layer's arguments
   * @return the shortest valid length (at least 1)
   */
  public static int shortestLength(ConvSpec spec) {
    return ConvConfigs.shortestLength(spec);
  }
}
