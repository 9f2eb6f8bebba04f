package org.torchparity.engine;

import java.util.Arrays;
import org.torchparity.nn.Conv1d;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

/**
 * The main class {@link GlobalStateTest} runs in a child JVM: what a library user's program does
 * first (start the engine, run a layer), with DJL's offline property printed before and after.
 */
public final class GlobalStateProbe {
  private GlobalStateProbe() {}

  /**
   * Starts the engine, runs one forward pass and prints what it saw.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    String before = System.getProperty(OfflineStartup.PROPERTY);
    boolean startedOffline = TorchEngine.get().info().offline();
    String after = System.getProperty(OfflineStartup.PROPERTY);
    double[] y;
    try (Conv1d conv = Conv1d.of(ConvSpec.conv1d(1, 1, 2).build())) {
      conv.fillWeight(0, 1);
      conv.setBiasAt(0, 0);
      y = conv.forward(Tensor.of(new int[] {1, 1, 3}, new float[] {1, 2, 3})).toDoubleArray();
    }
    System.out.println("before=" + before);
    System.out.println("after=" + after);
    System.out.println("started offline=" + startedOffline);
    System.out.println("forward=" + Arrays.toString(y));
  }
}
