package org.torchparity.parity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.PaddingMode;

/**
 * The shrinker on its own, with predicates instead of kernels: where it must end for a known
 * failure condition, that it never leaves the valid space, and that it is deterministic.
 */
class ShrinkerTest {
  private static final ConfigurationGenerator GENERATOR = ConfigurationGenerator.everything();

  /** 40 seeded starting cases over the whole option space. */
  static Stream<SweepCase> starts() {
    return LongStream.range(0, 40).mapToObj(i -> SweepCase.draw(GENERATOR, 9_000 + i));
  }

  private static SweepCase shrink(SweepCase start, Predicate<SweepCase> fails) {
    assertThat(fails.test(start)).as("the start must fail: %s", start).isTrue();
    SweepCase smallest = new Shrinker(fails, 10_000).shrink(start).smallest();
    assertThat(fails.test(smallest)).as("the result must still fail").isTrue();
    return smallest;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("starts")
  void aFailureThatDependsOnNothingShrinksToTheSmallestLayerOfItsKind(SweepCase start) {
    SweepCase smallest = shrink(start, c -> true);

    // Every option at its default, one channel in and out, kernel 1, and the smallest input: a
    // batch of 0 items of length 1 (a kernel of 1 needs no more, for either layer).
    ConvSpec expected =
        start.convSpec().transposed()
            ? ConvSpec.convTranspose1d(1, 1, 1).build()
            : ConvSpec.conv1d(1, 1, 1).build();
    assertThat(smallest.spec()).isEqualTo(expected);
    assertThat(smallest.inputShape()).containsExactly(0, 1, 1);
    assertThat(smallest.inputScale()).isEqualTo(1.0);
    assertThat(smallest.weightScale()).isEqualTo(1.0);
    assertThat(smallest.dataSeed()).isEqualTo(start.dataSeed());
  }

  @Test
  void keepsExactlyWhatTheFailureNeeds() {
    // Fails for circular padding with stride 2 or more on unbatched float64 inputs.
    Predicate<SweepCase> fails =
        c ->
            c.convSpec().paddingMode() == PaddingMode.CIRCULAR
                && c.convSpec().stride() >= 2
                && c.inputShape().length == 2
                && c.spec().dtype() == DType.FLOAT64;
    ConvSpec busy =
        ConvSpec.conv1d(4, 6, 3)
            .stride(3)
            .padding(2)
            .dilation(2)
            .groups(2)
            .bias(false)
            .paddingMode(PaddingMode.CIRCULAR)
            .dtype(DType.FLOAT64)
            .build();
    SweepCase start = new SweepCase(new Configuration(busy, new int[] {4, 20}), 1e3, 1e-3, 7);

    SweepCase smallest = shrink(start, fails);

    // The stride shrinks from 3 to 2 (1 passes); everything else goes back to its default and
    // every size to 1: with kernel 1 and stride 2 an input of length 1 gives one output.
    assertThat(smallest.spec())
        .isEqualTo(
            ConvSpec.conv1d(1, 1, 1)
                .stride(2)
                .paddingMode(PaddingMode.CIRCULAR)
                .dtype(DType.FLOAT64)
                .build());
    assertThat(smallest.inputShape()).containsExactly(1, 1);
    assertThat(smallest.inputScale()).isEqualTo(1.0);
    assertThat(smallest.weightScale()).isEqualTo(1.0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("starts")
  void everySimplificationIsValidAndWithinTheSweepsMagnitudes(SweepCase start) {
    for (SweepCase next : Shrinker.simplifications(start)) {
      // outputShape refuses what PyTorch refuses; it must accept every candidate.
      next.spec().outputShape(next.inputShape());
      assertThat(next.scalesAllowed()).as("%s", next).isTrue();
      assertThat(next.convSpec().kind()).isEqualTo(start.convSpec().kind());
      assertThat(next.dataSeed()).isEqualTo(start.dataSeed());
    }
  }

  @Test
  void neverMovesFloat32IntoMagnitudesItsToleranceCannotJudge() {
    // float64 at input x 1e3, weight x 1e3 may not become float32 while both are 1e3.
    SweepCase big =
        new SweepCase(
            new Configuration(
                ConvSpec.conv1d(1, 1, 1).dtype(DType.FLOAT64).build(), new int[] {1, 1, 1}),
            1e3,
            1e3,
            42);
    List<SweepCase> next = Shrinker.simplifications(big);
    assertThat(next)
        .noneMatch(c -> c.spec().dtype() == DType.FLOAT32 && c.inputScale() * c.weightScale() > 1);
    assertThat(next).anyMatch(c -> c.inputScale() == 1 && c.weightScale() == 1);
  }

  @Test
  void isDeterministic() {
    Predicate<SweepCase> fails = c -> c.convSpec().kernelSize() >= 3 || c.convSpec().groups() >= 2;
    for (SweepCase start : starts().filter(fails).toList()) {
      Shrinker.Outcome a = new Shrinker(fails, 10_000).shrink(start);
      Shrinker.Outcome b = new Shrinker(fails, 10_000).shrink(start);
      assertThat(a.smallest()).isEqualTo(b.smallest());
      assertThat(a.steps()).isEqualTo(b.steps());
      assertThat(a.tries()).isEqualTo(b.tries());
    }
  }

  @Test
  void stopsAfterMaxTries() {
    SweepCase start = SweepCase.draw(GENERATOR, 1);
    Shrinker.Outcome outcome = new Shrinker(c -> true, 3).shrink(start);
    assertThat(outcome.tries()).isEqualTo(3);
    assertThat(outcome.steps()).isEqualTo(3);
  }

  @Test
  void drawsAreReproducibleFromTheCaseSeed() {
    SweepCase a = SweepCase.draw(GENERATOR, 123);
    SweepCase b = SweepCase.draw(GENERATOR, 123);
    assertThat(a).isEqualTo(b);
    assertThat(a.data().input()).isEqualTo(b.data().input());
    assertThat(a.data().weight()).isEqualTo(b.data().weight());
    assertThat(a.data().input()).isNotEqualTo(SweepCase.draw(GENERATOR, 124).data().input());
  }
}
