package org.torchparity.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded mutations of a binary state-dict file (.npz or safetensors). */
final class BinaryMutator {
  private BinaryMutator() {}

  /**
   * A weight-file mutant: a byte-level mutation (below), a structural one ({@link WeightMutator}:
   * decoy headers, directories that disagree, duplicate keys, overlapping offsets), or both.
   */
  static byte[] mutateWeights(byte[] seed, SplittableRandom random, boolean safetensors) {
    int kind = random.nextInt(10);
    if (kind < 4) {
      return mutate(seed, random, safetensors);
    }
    byte[] structural =
        safetensors
            ? WeightMutator.mutateSafetensors(seed, random)
            : WeightMutator.mutateNpz(seed, random);
    return kind == 9 ? mutate(structural, random, safetensors) : structural;
  }

  static byte[] mutate(byte[] seed, SplittableRandom random, boolean safetensors) {
    switch (random.nextInt(6)) {
      case 0: // truncation
        return Arrays.copyOf(seed, random.nextInt(seed.length));
      case 1: // random bytes
        {
          byte[] copy = seed.clone();
          for (int n = 1 + random.nextInt(8); n > 0; n--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
          }
          return copy;
        }
      case 2: // a corrupted length prefix: safetensors header length, or zip/npy length bytes
        {
          byte[] copy = seed.clone();
          long value =
              new long[] {0, -1, Long.MAX_VALUE, Integer.MAX_VALUE, copy.length, 1L << 40}
                  [random.nextInt(6)];
          int at = safetensors ? 0 : random.nextInt(Math.max(1, copy.length - 8));
          ByteBuffer.wrap(copy, at, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
          return copy;
        }
      case 3: // a digit of a declared shape changed (npy and safetensors headers are text)
        {
          byte[] copy = seed.clone();
          String text = new String(copy, StandardCharsets.ISO_8859_1);
          int shape = text.indexOf("shape", random.nextInt(Math.max(1, text.length() / 2)));
          if (shape < 0) {
            shape = text.indexOf("shape");
          }
          for (int i = shape; i >= 0 && i < copy.length && i < shape + 40; i++) {
            if (Character.isDigit(copy[i])) {
              copy[i] = (byte) ('0' + random.nextInt(10));
              if (random.nextBoolean()) {
                break;
              }
            }
          }
          return copy;
        }
      case 4: // random tail appended or bytes inserted
        {
          byte[] extra = new byte[1 + random.nextInt(64)];
          random.nextBytes(extra);
          int at = random.nextInt(seed.length + 1);
          byte[] copy = new byte[seed.length + extra.length];
          System.arraycopy(seed, 0, copy, 0, at);
          System.arraycopy(extra, 0, copy, at, extra.length);
          System.arraycopy(seed, at, copy, at + extra.length, seed.length - at);
          return copy;
        }
      default: // pure noise of the same size
        {
          byte[] noise = new byte[seed.length];
          random.nextBytes(noise);
          if (safetensors && random.nextBoolean()) {
            ByteBuffer.wrap(noise, 0, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(noise.length - 8);
            noise[8] = '{';
          }
          return noise;
        }
    }
  }
}
