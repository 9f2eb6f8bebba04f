package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * Small host inputs keep their {@code from_blob} array between a thread's calls ({@link
 * ModuleCore#keptHostInput}); the staging buffer under it is refilled every call and shared by
 * every module the thread calls. Each result must still be its own input's: values, shapes and
 * modules alternate here, and a large input moves the staging on in between. Weights are ones and
 * biases zero, so each output is a window sum (the seed notebook's arithmetic: [1, 2, 3] -> [3,
 * 5]).
 */
class KeptHostInputTest {

  @Test
  void alternatingValuesShapesAndModulesGiveEachInputsOwnResult() {
    try (Conv1d one = ones(Conv1d.of(1, 1, 2));
        Conv1d two = ones(Conv1d.of(2, 1, 2))) {
      for (int round = 0; round < 3; round++) {
        // 1+2, 2+3
        assertThat(one.forward(new float[] {1, 2, 3}, 1, 1, 3)).containsExactly(3, 5);
        // 10+20, 20+30
        assertThat(one.forward(new float[] {10, 20, 30}, 1, 1, 3)).containsExactly(30, 50);
        // (1+2)+(4+5), (2+3)+(5+6)
        assertThat(two.forward(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3)).containsExactly(12, 16);
        // a new length: 1+2, 2+3, 3+4
        assertThat(one.forward(new float[] {1, 2, 3, 4}, 1, 1, 4)).containsExactly(3, 5, 7);
        // 100 KB of ones: every window sums to 2, and the thread's staging buffer grows
        float[] large = new float[25_000];
        Arrays.fill(large, 1);
        float[] y = one.forward(large, 1, 1, large.length);
        assertThat(y).hasSize(large.length - 1).containsOnly(2f);
        assertThat(one.forward(new float[] {5, 6, 7}, 1, 1, 3)).containsExactly(11, 13);
      }
    }
  }

  private static Conv1d ones(Conv1d conv) {
    Tensor w = conv.get("weight");
    float[] values = new float[w.toFloatArray().length];
    Arrays.fill(values, 1);
    conv.set("weight", Tensor.of(w.shape(), values).to(DType.FLOAT32));
    conv.set("bias", Tensor.zeros(DType.FLOAT32, 1));
    return conv;
  }
}
