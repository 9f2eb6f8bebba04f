package org.torchparity.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonScalars#floatRepr} against Python's own {@code repr(float)} on 615 values ({@code
 * parity-tests/python_float_repr.py}), among them {@code 1e+23} (Java 17's {@code Double.toString}
 * gives {@code 9.999999999999999E22}) and {@code 8.291840514812991e+18} (rounding Java's shortest
 * form half-up gives {@code ...992}): the two ways the layer families' five copies of this function
 * differed before they were folded into one.
 */
class PythonScalarsTest {
  @Test
  void floatReprIsPythons() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("src/test/resources/python_float_repr.txt"));
    assertThat(lines).hasSizeGreaterThan(600);
    for (String line : lines) {
      String[] parts = line.split(" ");
      double value = Double.parseDouble(parts[0]);
      assertThat(PythonScalars.floatRepr(value)).as(parts[0]).isEqualTo(parts[1]);
    }
  }
}
