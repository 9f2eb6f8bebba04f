package org.torchparity.io;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Seeded mutations of a JSON case file, from harmless to hostile. */
final class JsonMutator {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  private static final Pattern SHAPE = Pattern.compile("\"shape\"\\s*:\\s*\\[[^\\]]*\\]");
  private static final Pattern VALUE =
      Pattern.compile(":\\s*(\"[^\"]*\"|-?\\d[\\d.eE+-]*|true|false|null|\\[[^\\[\\]]*\\])");
  private static final String[] KEYS = {
    "format",
    "name",
    "module",
    "args",
    "dtype",
    "input",
    "weight",
    "bias",
    "output",
    "grad_output",
    "grad_input",
    "seed",
    "error",
    "in_channels",
    "kernel_size",
    "padding",
    "shape",
    "data"
  };
  private static final String[] HOSTILE_VALUES = {
    "null",
    "true",
    "\"\"",
    "{}",
    "[]",
    "[[]]",
    "\"nan\"",
    "\"-inf\"",
    "1e309",
    "-1e309",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "1.5",
    "\"3\"",
    "[3, 3]",
    "[-2]",
    "\"float16\"",
    "\"x\"",
    "[2147483647, 2147483647]",
    "[100000, 100000, 100000]",
    "{\"a\": 1}"
  };

  private JsonMutator() {}

  static byte[] mutate(byte[] seed, SplittableRandom random) {
    String text = new String(seed, StandardCharsets.UTF_8);
    switch (random.nextInt(9)) {
      case 0: // truncation
        return Arrays.copyOf(seed, random.nextInt(seed.length));
      case 1: // random bytes
        {
          byte[] copy = seed.clone();
          for (int n = 1 + random.nextInt(6); n > 0; n--) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
          }
          return copy;
        }
      case 2: // a number replaced by an extreme one
        return replaceRandom(text, NUMBER, pick(random, HOSTILE_VALUES), random);
      case 3: // a huge declared shape
        return replaceRandom(
            text,
            SHAPE,
            "\"shape\": "
                + pick(random, new String[] {"[1000000000]", "[65536, 65536]", "[2147483647, 2]"}),
            random);
      case 4: // deep nesting
        {
          int depth = 100 + random.nextInt(100_000);
          String nested = "[".repeat(depth) + "]".repeat(depth);
          return replaceRandom(text, VALUE, ": " + nested, random);
        }
      case 5: // a value of the wrong type
        return replaceRandom(text, VALUE, ": " + pick(random, HOSTILE_VALUES), random);
      case 6: // a key removed (renamed) or duplicated
        {
          String key = "\"" + pick(random, KEYS) + "\"";
          int at = text.indexOf(key);
          if (at < 0) {
            return seed;
          }
          String renamed = random.nextBoolean() ? "\"renamed_" + key.substring(1) : key;
          String duplicate = random.nextBoolean() ? key + ": 1, " : "";
          return (text.substring(0, at) + duplicate + renamed + text.substring(at + key.length()))
              .getBytes(StandardCharsets.UTF_8);
        }
      case 7: // a huge data array
        return replaceRandom(
            text,
            Pattern.compile("\"data\"\\s*:\\s*\\["),
            "\"data\": [" + "0,".repeat(200_000),
            random);
      default: // a long string
        return replaceRandom(
            text, VALUE, ": \"" + "x".repeat(1 + random.nextInt(3_000_000)) + "\"", random);
    }
  }

  private static byte[] replaceRandom(
      String text, Pattern pattern, String replacement, SplittableRandom random) {
    Matcher m = pattern.matcher(text);
    int count = 0;
    while (m.find()) {
      count++;
    }
    if (count == 0) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    int target = random.nextInt(count);
    m.reset();
    for (int i = 0; i <= target; i++) {
      m.find();
    }
    return (text.substring(0, m.start()) + replacement + text.substring(m.end()))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String pick(SplittableRandom random, String[] values) {
    return values[random.nextInt(values.length)];
  }
}
