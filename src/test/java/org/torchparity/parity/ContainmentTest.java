package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContainmentTest {
  @Test
  void aValueComesBackAsIs() {
    Containment.Outcome<String> outcome = Containment.run(() -> "y");
    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.value()).isEqualTo("y");
  }

  @Test
  void whatAKernelCanThrowIsContainedAndNamed() {
    assertThat(describe(() -> recurse(0))).isEqualTo("overflowed its stack (StackOverflowError)");
    assertThat(describe(() -> new double[Integer.MAX_VALUE - 16]))
        .startsWith("ran out of memory (OutOfMemoryError: ");
    assertThat(
            describe(
                () -> {
                  throw new AssertionError("invariant\nbroken");
                }))
        .isEqualTo("threw AssertionError: invariant broken");
    assertThat(
            describe(
                () -> {
                  throw new NoClassDefFoundError("com/example/Gone");
                }))
        .isEqualTo("threw NoClassDefFoundError: com/example/Gone");
    assertThat(
            describe(
                () -> {
                  throw new IllegalStateException();
                }))
        .isEqualTo("threw IllegalStateException");
  }

  @Test
  void aBrokenJvmIsNotContained() {
    InternalError broken = new InternalError("the JVM is broken");
    assertThatThrownBy(
            () ->
                Containment.run(
                    () -> {
                      throw broken;
                    }))
        .isSameAs(broken);
  }

  private static String describe(java.util.function.Supplier<Object> work) {
    Containment.Outcome<Object> outcome = Containment.run(work);
    assertThat(outcome.ok()).isFalse();
    return outcome.failure().describe();
  }

  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }
}
