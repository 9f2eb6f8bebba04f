package org.torchparity.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the hostile weight files of docs/hardening.md's measurements ({@code build DIR}), an
 * honest float32 file of some MiB in both formats ({@code honest DIR MIB}), or reads one with the
 * default limits and prints the outcome and the time ({@code read FILE}), so that {@code
 * /usr/bin/time -v} can measure one read in a fresh JVM:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.torchparity.io.WeightProbe build /tmp/w
 * /usr/bin/time -v java -cp ... org.torchparity.io.WeightProbe read /tmp/w/bomb.npz
 * </pre>
 */
final class WeightProbe {
  private WeightProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 2 && args[0].equals("build")) {
      Path dir = Files.createDirectories(Path.of(args[1]));
      HostileWeights.Deflated zeros = HostileWeights.deflatedZeros(1L << 30);
      Files.write(dir.resolve("bomb.npz"), HostileWeights.npzOf(zeros, zeros.size()));
      Files.write(dir.resolve("lying-bomb.npz"), HostileWeights.npzOf(zeros, (1L << 20) + 128));
      byte[] two = HostileWeights.floats(ByteOrder.LITTLE_ENDIAN, 1.5f, -2.25f);
      TestZip zip = new TestZip();
      zip.stored(
          "w.npy", HostileWeights.npy(HostileWeights.dict("<f4", "(1000000000, 1000000000)"), two));
      Files.write(dir.resolve("decoy-shape.npz"), zip.build());
      Files.write(
          dir.resolve("decoy-shape.safetensors"),
          HostileWeights.safetensors(
              "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000000,1000000000],"
                  + "\"data_offsets\":[0,8]}}",
              two));
      return;
    }
    if (args.length == 3 && args[0].equals("honest")) {
      int mib = Integer.parseInt(args[2]);
      float[] values = new float[mib << 18]; // 2^18 floats per MiB
      java.util.SplittableRandom random = new java.util.SplittableRandom(1);
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextDouble(-1, 1);
      }
      java.util.Map<String, org.torchparity.spec.Tensor> tensors =
          java.util.Map.of(
              "weight", org.torchparity.spec.Tensor.of(new int[] {values.length}, values));
      Path dir = Files.createDirectories(Path.of(args[1]));
      StateDictFile.write(dir.resolve("honest-" + mib + "MiB.npz"), tensors);
      StateDictFile.write(dir.resolve("honest-" + mib + "MiB.safetensors"), tensors);
      return;
    }
    if (args.length == 2 && args[0].equals("read")) {
      long start = System.nanoTime();
      String outcome;
      try {
        outcome = "read " + StateDictFile.read(Path.of(args[1])).keySet();
      } catch (StateDictException e) {
        outcome = "refused: " + e.getMessage();
      }
      System.out.printf("%s%n%.1f ms%n", outcome, (System.nanoTime() - start) / 1e6);
      return;
    }
    System.err.println("usage: WeightProbe build DIR | honest DIR MIB | read FILE");
  }
}
