package org.torchparity.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.torchparity.spec.ConvSpec;

/**
 * PyTorch's {@code reset_parameters} for Conv1d and ConvTranspose1d, drawn on libtorch's global
 * generator: weight from {@code kaiming_uniform_(a=sqrt(5))}, i.e. {@code U(-b, b)} with {@code b =
 * sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(fan_in)}, then bias from {@code U(-1/sqrt(fan_in),
 * 1/sqrt(fan_in))}, where {@code fan_in = weight.size(1) * kernelSize} (so {@code out/groups * k}
 * for the transposed layer). With a seed the draws equal {@code torch.manual_seed(seed)} followed
 * by building the module, bit for bit on CPU.
 */
final class PyTorchInit {
  /** Serialises draws: seeding and drawing touch libtorch's one global generator. */
  private static final Object GENERATOR = new Object();

  /**
   * Freshly drawn parameters, owned by the manager they were drawn into.
   *
   * @param weight the weight
   * @param bias the bias, or {@code null} without one
   */
  record Drawn(NDArray weight, NDArray bias) {}

  private PyTorchInit() {}

  /**
   * Seeds the generator, then runs {@code build} with the generator held, so draws stay in order.
   */
  static <T> T seeded(long seed, java.util.function.Supplier<T> build) {
    // Seeding is the first native call of a program that seeds before building anything.
    org.torchparity.engine.TorchEngine.get();
    synchronized (GENERATOR) {
      JniUtils.setSeed(seed);
      return build.get();
    }
  }

  /** Draws from the generator in its current state. */
  static Drawn draw(ConvSpec spec, NDManager manager, DataType type, Device device) {
    synchronized (GENERATOR) {
      return drawLocked(spec, manager, type, device);
    }
  }

  /** Seeds the generator as {@code torch.manual_seed(seed)}, then draws. */
  static Drawn drawSeeded(
      long seed, ConvSpec spec, NDManager manager, DataType type, Device device) {
    synchronized (GENERATOR) {
      JniUtils.setSeed(seed);
      return drawLocked(spec, manager, type, device);
    }
  }

  private static Drawn drawLocked(ConvSpec spec, NDManager manager, DataType type, Device device) {
    int[] shape = spec.weightShape();
    int fanIn = shape[1] * shape[2];
    // PyTorch's arithmetic, in its order: calculate_gain('leaky_relu', sqrt(5)), then std, bound.
    double a = Math.sqrt(5.0);
    double gain = Math.sqrt(2.0 / (1 + Math.pow(a, 2)));
    double std = gain / Math.sqrt(fanIn);
    double weightBound = Math.sqrt(3.0) * std;
    NDArray weight = uniform(manager, -weightBound, weightBound, shape, type, device);
    NDArray bias = null;
    if (spec.bias()) {
      double biasBound = 1 / Math.sqrt(fanIn);
      bias = uniform(manager, -biasBound, biasBound, spec.biasShape(), type, device);
    }
    return new Drawn(weight, bias);
  }

  /**
   * Draws {@code kaiming_uniform_(w, a=sqrt(5))}, the weight init of Conv1d and Linear: {@code
   * U(-b, b)} with {@code b = sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(fan_in)}, in PyTorch's order of
   * arithmetic. Holds the generator.
   *
   * @param manager the owner
   * @param fanIn {@code weight.size(1) * receptive field}
   * @param shape the weight's shape
   * @param type the dtype
   * @param device the device
   * @return the drawn weight
   */
  static NDArray kaimingUniform(
      NDManager manager, long fanIn, int[] shape, DataType type, Device device) {
    double a = Math.sqrt(5.0);
    double gain = Math.sqrt(2.0 / (1 + Math.pow(a, 2)));
    double std = gain / Math.sqrt(fanIn);
    double bound = Math.sqrt(3.0) * std;
    return drawUniform(manager, -bound, bound, shape, type, device);
  }

  /**
   * Draws the bias init of Conv1d and Linear: {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}, or 0
   * bound when {@code fan_in} is 0 (PyTorch then skips the draw; callers keep that case). Holds the
   * generator.
   *
   * @param manager the owner
   * @param fanIn the weight's fan-in, above 0
   * @param shape the bias's shape
   * @param type the dtype
   * @param device the device
   * @return the drawn bias
   */
  static NDArray fanInUniform(
      NDManager manager, long fanIn, int[] shape, DataType type, Device device) {
    double bound = 1 / Math.sqrt(fanIn);
    return drawUniform(manager, -bound, bound, shape, type, device);
  }

  /**
   * Draws {@code U(low, high)} on the generator in its current state, holding it.
   *
   * @param manager the owner
   * @param low the lower bound
   * @param high the upper bound
   * @param shape the shape
   * @param type the dtype
   * @param device the device
   * @return the drawn array
   */
  static NDArray drawUniform(
      NDManager manager, double low, double high, int[] shape, DataType type, Device device) {
    synchronized (GENERATOR) {
      return uniform(manager, low, high, shape, type, device);
    }
  }

  /**
   * Draws {@code N(mean, std)} as {@code empty(shape).normal_(mean, std)} (Embedding's weight),
   * holding the generator.
   *
   * @param manager the owner
   * @param mean the mean
   * @param std the standard deviation
   * @param shape the shape
   * @param type the dtype
   * @param device the device
   * @return the drawn array
   */
  static NDArray drawNormal(
      NDManager manager, double mean, double std, int[] shape, DataType type, Device device) {
    synchronized (GENERATOR) {
      return JniUtils.normal(
          (PtNDManager) manager, mean, std, TensorConversion.shape(shape), type, device);
    }
  }

  /**
   * Runs a draw from libtorch's generator in its current state ({@code Dropout}'s mask) holding the
   * generator, so that a seeded call ({@link #seeded}) is not interleaved with another thread's
   * draws.
   *
   * @param draw what draws
   * @param <T> the result's type
   * @return what {@code draw} returns
   */
  static <T> T withGenerator(java.util.function.Supplier<T> draw) {
    synchronized (GENERATOR) {
      return draw.get();
    }
  }

  /**
   * Draws {@code U(low, high)} as libtorch's {@code empty(shape).uniform_(low, high)}, with the
   * bounds passed as doubles (DJL's {@code NDManager.randomUniform} narrows them to float first,
   * which would change float64 draws).
   */
  private static NDArray uniform(
      NDManager manager, double low, double high, int[] shape, DataType type, Device device) {
    return JniUtils.uniform(
        (PtNDManager) manager, low, high, TensorConversion.shape(shape), type, device);
  }
}
