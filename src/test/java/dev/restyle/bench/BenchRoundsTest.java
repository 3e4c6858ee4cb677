package dev.restyle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRoundsTest {

  @Test
  void oddRoundCountTakesTheMiddleValuesAndTheMedianOfTheRatios() {
    // ratios 1.5, 0.5, 1.2: the median ratio (1.2) is not the ratio of the medians (120 / 100)
    BenchRounds rounds = BenchRounds.of(List.of(150.0, 60.0, 120.0), List.of(100.0, 120.0, 100.0));

    assertThat(rounds.djlMs()).isEqualTo(120.0);
    BenchRounds.Reference reference = rounds.pytorch().orElseThrow();
    assertThat(reference.ms()).isEqualTo(100.0);
    assertThat(reference.medianRatio()).isCloseTo(1.2, within(1e-12));
    assertThat(reference.minRatio()).isCloseTo(0.5, within(1e-12));
    assertThat(reference.maxRatio()).isCloseTo(1.5, within(1e-12));
    assertThat(rounds.meetsTarget()).isFalse();
  }

  @Test
  void evenRoundCountAveragesTheTwoMiddleValues() {
    // ratios 0.8, 1.0, 0.9, 0.5 -> sorted 0.5, 0.8, 0.9, 1.0 -> median 0.85
    BenchRounds rounds = BenchRounds.of(List.of(80.0, 100.0, 90.0, 40.0), List.of(100.0, 100.0, 100.0, 80.0));

    assertThat(rounds.djlMs()).isEqualTo(85.0);
    BenchRounds.Reference reference = rounds.pytorch().orElseThrow();
    assertThat(reference.ms()).isEqualTo(100.0);
    assertThat(reference.medianRatio()).isCloseTo(0.85, within(1e-12));
    assertThat(reference.minRatio()).isCloseTo(0.5, within(1e-12));
    assertThat(reference.maxRatio()).isCloseTo(1.0, within(1e-12));
    assertThat(rounds.meetsTarget()).isTrue();
  }

  @Test
  void aRatioOfExactlyOneMeetsTheTarget() {
    assertThat(BenchRounds.of(List.of(50.0), List.of(50.0)).meetsTarget()).isTrue();
  }

  @Test
  void withoutPyTorchOnlyTheDjlMedianIsReportedAndTheTargetIsNotMet() {
    BenchRounds rounds = BenchRounds.of(List.of(30.0, 10.0), List.of());

    assertThat(rounds.djlMs()).isEqualTo(20.0);
    assertThat(rounds.pytorch()).isEmpty();
    assertThat(rounds.meetsTarget()).isFalse();
  }

  @Test
  void medianOfOneValueIsThatValueAndInputOrderDoesNotMatter() {
    assertThat(BenchRounds.median(List.of(7.0))).isEqualTo(7.0);
    assertThat(BenchRounds.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(BenchRounds.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void rejectsRoundsThatDoNotPairUp() {
    assertThatThrownBy(() -> BenchRounds.of(List.of(1.0, 2.0), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 DJL vs 1 PyTorch");
  }

  @Test
  void rejectsNoRoundsAndMeaninglessTimes() {
    assertThatThrownBy(() -> BenchRounds.of(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no DJL measurements");
    assertThatThrownBy(() -> BenchRounds.of(List.of(1.0, 0.0), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DJL").hasMessageContaining("0.0");
    assertThatThrownBy(() -> BenchRounds.of(List.of(1.0), List.of(Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PyTorch").hasMessageContaining("NaN");
    assertThatThrownBy(() -> BenchRounds.of(List.of(Double.POSITIVE_INFINITY), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
    assertThatThrownBy(() -> BenchRounds.median(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
