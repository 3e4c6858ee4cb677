package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunProgressTest {

  @Test
  void theLineGivesCountsRateAndTimeLeftFromThePairsFinishedSoFar() {
    // 13 finished in 60 s: 780 pairs/hour; 84 to go at that rate: 84 × 60 / 13 = 387.7 s
    assertThat(RunProgress.figures(12, 1, 3, 100, 60))
        .isEqualTo("12 done, 1 failed, 3 skipped, 84 to go of 100 pairs; 780 pairs/hour; ETA 6m28s");
    assertThat(RunProgress.figures(0, 0, 40, 100, 5))
        .isEqualTo("0 done, 0 failed, 40 skipped, 60 to go of 100 pairs; 0 pairs/hour; ETA unknown");
    assertThat(RunProgress.figures(500, 0, 0, 10_000, 1800)).endsWith("; 1000 pairs/hour; ETA 9h30m");
  }

  @Test
  void reusedPairsAreTheirOwnFigureAndNotToGo() {
    // 13 finished in 60 s; 100 - 13 - 3 skipped - 50 reused = 34 to go: 34 × 60 / 13 = 156.9 s
    assertThat(RunProgress.figures(12, 1, 3, 50, 100, 60))
        .isEqualTo("12 done, 1 failed, 3 skipped, 50 reused, 34 to go of 100 pairs; 780 pairs/hour; ETA 2m37s");
    assertThat(new RunSummary("n", 2, 0, 1, 7, 10, 3.6).line())
        .isEqualTo("restyle run n: 2 done, 0 failed, 1 skipped, 7 reused of 10 pairs in 3.6 s (2000 pairs/hour)");
    // The control: a run that reused nothing prints the line it always did.
    assertThat(new RunSummary("n", 2, 0, 1, 0, 3, 3.6).line())
        .isEqualTo("restyle run n: 2 done, 0 failed, 1 skipped of 3 pairs in 3.6 s (2000 pairs/hour)");
  }
}
