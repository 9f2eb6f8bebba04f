package org.torchparity.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.InvalidArgumentException;

/** Real libtorch failures, typed by {@link Engines#call}. */
class EnginesTest {
  @Test
  void aFailedAllocationIsAnEngineCallExceptionThatSaysSo() {
    try (NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      // 2^42 float32 values: 4 * 2^42 = 17592186044416 bytes (16 TiB), more than any test machine.
      assertThatThrownBy(
              () ->
                  Engines.call("zeros", () -> manager.zeros(new Shape(1L << 42), DataType.FLOAT32)))
          .isInstanceOfSatisfying(
              EngineCallException.class,
              e -> {
                assertThat(e.outOfMemory()).isTrue();
                assertThat(e.operation()).isEqualTo("zeros");
              })
          .hasMessageStartingWith("zeros: libtorch could not allocate memory (16.0 TiB requested)")
          .hasMessageContaining("17592186044416 bytes")
          .hasCauseInstanceOf(ai.djl.engine.EngineException.class);
    }
  }

  @Test
  void anotherEngineFailureIsTypedButNotCalledAnAllocationFailure() {
    try (NDManager manager = TorchEngine.get().newManager(DeviceSpec.CPU)) {
      NDArray four = manager.arange(4f);
      // 4 values cannot be viewed as 3: libtorch refuses the reshape.
      assertThatThrownBy(() -> Engines.call("reshape", () -> four.reshape(new Shape(3))))
          .isInstanceOfSatisfying(
              EngineCallException.class, e -> assertThat(e.outOfMemory()).isFalse())
          .hasMessageStartingWith("reshape failed in libtorch: ");
    }
  }

  @Test
  void otherExceptionsPassThroughUnchanged() {
    InvalidArgumentException refusal = new InvalidArgumentException("groups", "groups must be 1");
    assertThatThrownBy(
            () ->
                Engines.run(
                    "check",
                    () -> {
                      throw refusal;
                    }))
        .isSameAs(refusal);
    assertThat(Engines.call("sum", () -> 1 + 2)).isEqualTo(3);
  }

  @Test
  void allocationFailuresAreRecognised() {
    // Both strings are in the bundled libc10.so 2.7.1 (strings libc10.so | grep -i memory).
    assertThat(
            Engines.isAllocationFailure(
                "[enforce fail at alloc_cpu.cpp:119] err == 0. DefaultCPUAllocator: can't allocate"
                    + " memory: you tried to allocate 8 bytes."))
        .isTrue();
    assertThat(Engines.isAllocationFailure("C10 Out of Memory. Trying to allocate 8 bytes"))
        .isTrue();
    assertThat(Engines.isAllocationFailure("shape '[3]' is invalid for input of size 4")).isFalse();
    // 1024^2 = 1048576 bytes is 1.0 MiB; 1023 stays in bytes.
    assertThat(Engines.bytes("1048576")).isEqualTo("1.0 MiB");
    assertThat(Engines.bytes("1023")).isEqualTo("1023 bytes");
  }
}
