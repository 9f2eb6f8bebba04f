package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.TorchEngine;
import org.torchparity.parity.Configuration;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.Tensor;

/**
 * The host-data fast paths (reused staging buffers, results read from a view of libtorch's memory)
 * must give bit-identical results to the plain path: a fresh {@code NDManager.create(float[])}
 * array through {@link ConvLayer#forward(NDArray)}, read back with {@code toFloatArray}.
 */
class HostPathTest {
  private static final long SEED = 20261125L;

  static Stream<Arguments> configurations() {
    return EngineReferenceGridTest.seeded(EnumSet.allOf(ConvSpec.Kind.class), 120, SEED * 31);
  }

  @ParameterizedTest(name = "[{index}] seed {0}: {1}")
  @MethodSource("configurations")
  void arrayAndTensorPathsAreBitIdenticalToThePlainPath(long seed, Configuration config) {
    ConvSpec spec = config.convSpec();
    int[] shape = config.inputShape();
    double[] values = values(new SplittableRandom(seed), Math.toIntExact(Tensor.numel(shape)));
    Tensor input = Tensor.of(spec.dtype(), shape, values);
    try (ConvLayer layer = ConvLayer.of(spec, DeviceSpec.CPU)) {
      double[] plain = plainForward(layer, input);
      // twice each: the second call reuses the thread's staging buffer
      for (int round = 0; round < 2; round++) {
        assertBitIdentical(layer.forward(input).toDoubleArray(), plain, spec.dtype());
        assertBitIdentical(directBufferForward(layer, input, plain.length), plain, spec.dtype());
        if (spec.dtype() == DType.FLOAT32) {
          float[] out = layer.forward(input.toFloatArray(), shape);
          assertBitIdentical(widen(out), plain, spec.dtype());
        } else {
          double[] out = new double[plain.length];
          layer.forward(input.toDoubleArray(), shape, out);
          assertBitIdentical(out, plain, spec.dtype());
        }
      }
    }
  }

  @Test
  void specialValuesPassThroughBitForBit() {
    // Conv1d(1, 1, 1) with weight 1 and no bias copies its input: every special value must come
    // back exactly as the plain path gives it, NaN payloads and signed zeros included.
    float[] x = {
      -0.0f,
      0.0f,
      Float.NaN,
      Float.intBitsToFloat(0x7fc00123),
      Float.intBitsToFloat(0xffc00001),
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      -Float.MAX_VALUE
    };
    int[] shape = {1, 1, x.length};
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 1).bias(false).build())) {
      conv.setWeight(1.0);
      double[] plain = plainForward(conv, Tensor.of(shape, x));
      float[] fast = conv.forward(x, shape);
      assertBitIdentical(widen(fast), plain, DType.FLOAT32);
      // libtorch sums into +0.0, so -0.0 comes back as 0.0 on both paths; the rest is exact
      for (int i = 0; i < x.length; i++) {
        if (!Float.isNaN(x[i]) && x[i] != 0) {
          assertThat(Float.floatToRawIntBits(fast[i])).isEqualTo(Float.floatToRawIntBits(x[i]));
        }
      }
    }
  }

  @Test
  void stagingBufferIsReusedAndCarriesNoStaleValues() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 3, 3).build())) {
      float[] big = new float[2 * 2 * 50];
      float[] small = new float[2 * 7];
      SplittableRandom random = new SplittableRandom(7);
      for (int i = 0; i < big.length; i++) {
        big[i] = (float) random.nextDouble(-1, 1);
      }
      for (int i = 0; i < small.length; i++) {
        small[i] = (float) random.nextDouble(-1, 1);
      }
      float[] bigOut = conv.forward(big, 2, 2, 50);
      long held = HostStaging.cachedBytes();
      assertThat(held).isGreaterThanOrEqualTo(big.length * 4L);
      // A smaller input after a larger one reads only its own values.
      float[] smallOut = conv.forward(small, 2, 7);
      assertBitIdentical(widen(smallOut), plainForward(conv, Tensor.of(new int[] {2, 7}, small)));
      for (int i = 0; i < 50; i++) {
        assertThat(conv.forward(big, 2, 2, 50)).isEqualTo(bigOut);
      }
      assertThat(HostStaging.cachedBytes()).as("no growth from repeated calls").isEqualTo(held);
      ConvLayer.releaseThreadBuffers();
      assertThat(HostStaging.cachedBytes()).isZero();
      assertThat(conv.forward(big, 2, 2, 50)).isEqualTo(bigOut);
    }
  }

  @Test
  void threadsSharingALayerGetTheirOwnResults() throws Exception {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(4, 4, 5).padding("same").build())) {
      List<float[]> inputs = new ArrayList<>();
      List<float[]> expected = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        SplittableRandom random = new SplittableRandom(100 + t);
        float[] x = new float[3 * 4 * (20 + t)];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) random.nextDouble(-1, 1);
        }
        inputs.add(x);
        expected.add(conv.forward(x, 3, 4, 20 + t));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> checks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int index = t;
          checks.add(
              pool.submit(
                  () -> {
                    for (int k = 0; k < 200; k++) {
                      float[] y = conv.forward(inputs.get(index), 3, 4, 20 + index);
                      if (!java.util.Arrays.equals(y, expected.get(index))) {
                        return false;
                      }
                    }
                    return true;
                  }));
        }
        for (Future<Boolean> check : checks) {
          assertThat(check.get()).isTrue();
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void refusesArraysThatDoNotFit() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build())) {
      assertThatThrownBy(() -> conv.forward(new float[5], new int[] {1, 2, 3}, new float[2]))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("input holds 5 values but shape [1, 2, 3] needs 6");
      assertThatThrownBy(() -> conv.forward(new float[6], new int[] {1, 2, 3}, new float[3]))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("output holds 3 values but the output shape [1, 1, 2] needs 2");
      assertThatThrownBy(() -> conv.forward(new double[6], new int[] {1, 2, 3}, new double[2]))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("float64");
      assertThat(conv.outputShape(1, 2, 3)).containsExactly(1, 1, 2);
    }
  }

  @Test
  void emptyBatchGivesEmptyOutput() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 3, 2).build())) {
      assertThat(conv.forward(new float[0], 0, 2, 4)).isEmpty();
      assertThat(conv.forward(Tensor.zeros(DType.FLOAT32, 0, 2, 4)).shape())
          .containsExactly(0, 3, 3);
    }
  }

  /**
   * Runs {@link ConvLayer#forward(ByteBuffer, int[], ByteBuffer)} on buffers whose positions are
   * not 0, and checks that the bytes around the output region are left alone.
   */
  private static double[] directBufferForward(ConvLayer layer, Tensor input, int outputSize) {
    int width = layer.spec().dtype().byteSize();
    ByteBuffer in =
        ByteBuffer.allocateDirect(8 + input.numel() * width).order(ByteOrder.nativeOrder());
    in.position(8);
    input.writeTo(in);
    ByteBuffer out =
        ByteBuffer.allocateDirect(16 + outputSize * width).order(ByteOrder.nativeOrder());
    for (int i = 0; i < out.capacity(); i++) {
      out.put(i, (byte) 0x5A);
    }
    out.position(8);
    layer.forward(in, input.shape(), out);
    assertThat(in.position()).isEqualTo(8);
    assertThat(out.position()).isEqualTo(8);
    for (int i : new int[] {0, 7, 8 + outputSize * width, out.capacity() - 1}) {
      assertThat(out.get(i)).as("byte %d outside the output", i).isEqualTo((byte) 0x5A);
    }
    return Tensor.read(out, layer.spec().dtype(), outputSize).toDoubleArray();
  }

  /** Outputs of 1 MiB and more are copied by libtorch rather than by Java; same bits. */
  @Test
  void largeDirectBufferOutputIsCopiedNativelyBitForBit() {
    ConvSpec spec = ConvSpec.conv1d(4, 8, 3).padding(1).build();
    int[] shape = {8, 4, 4200}; // output 8 x 8 x 4200 floats = 1.08 MB
    double[] values = values(new SplittableRandom(99), 8 * 4 * 4200);
    Tensor input = Tensor.of(DType.FLOAT32, shape, values);
    try (ConvLayer layer = ConvLayer.of(spec, DeviceSpec.CPU)) {
      float[] expected = layer.forward(input.toFloatArray(), shape);
      assertThat(expected.length * 4).isGreaterThanOrEqualTo(1 << 20);
      assertBitIdentical(
          directBufferForward(layer, input, expected.length), widen(expected), DType.FLOAT32);
    }
  }

  @Test
  void refusesBuffersThatDoNotFit() {
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(2, 1, 2).build())) {
      int[] shape = {1, 2, 3};
      ByteBuffer in = ByteBuffer.allocateDirect(24).order(ByteOrder.nativeOrder());
      ByteBuffer out = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
      assertThatThrownBy(() -> conv.forward(ByteBuffer.allocate(24), shape, out))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageStartingWith("input must be a direct ByteBuffer");
      ByteOrder other =
          ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN
              ? ByteOrder.LITTLE_ENDIAN
              : ByteOrder.BIG_ENDIAN;
      assertThatThrownBy(() -> conv.forward(in.duplicate().order(other), shape, out))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageStartingWith("input must be in native byte order");
      assertThatThrownBy(
              () -> conv.forward(in, shape, out.asReadOnlyBuffer().order(ByteOrder.nativeOrder())))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("output must be writable but is read-only");
      assertThatThrownBy(
              () ->
                  conv.forward(
                      in, shape, out.duplicate().order(ByteOrder.nativeOrder()).position(4)))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessage("output has 4 bytes remaining but needs 8");
      assertThatThrownBy(() -> conv.forward(in, new int[] {1, 3, 2}, out))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("channels");
    }
  }

  /** The path every release before the fast paths took. */
  private static double[] plainForward(ConvLayer layer, Tensor input) {
    try (NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      NDArray x =
          input.dtype() == DType.FLOAT32
              ? manager.create(input.toFloatArray(), TensorConversion.shape(input.shape()))
              : manager.create(input.toDoubleArray(), TensorConversion.shape(input.shape()));
      NDArray y = layer.forward(x);
      if (input.dtype() == DType.FLOAT32) {
        return widen(y.toFloatArray());
      }
      return y.toDoubleArray();
    }
  }

  private static double[] values(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextDouble(-2, 2);
    }
    return v;
  }

  private static double[] widen(float[] values) {
    double[] d = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      d[i] = values[i];
    }
    return d;
  }

  private static void assertBitIdentical(double[] actual, double[] expected) {
    assertBitIdentical(actual, expected, DType.FLOAT64);
  }

  private static void assertBitIdentical(double[] actual, double[] expected, DType dtype) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      long a = Double.doubleToRawLongBits(actual[i]);
      long e = Double.doubleToRawLongBits(expected[i]);
      assertThat(a).as("%s element %d: %s vs %s", dtype, i, actual[i], expected[i]).isEqualTo(e);
    }
  }
}
