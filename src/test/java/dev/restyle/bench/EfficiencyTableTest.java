package dev.restyle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.model.Precision;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GFLOP/s, fractions of the peaks and the targets' verdicts, from figures worked out by hand. */
class EfficiencyTableTest {

  private static final Map<Precision, ConvolutionPeak> PEAKS = new EnumMap<>(Map.of(
      Precision.FP32, new ConvolutionPeak(500, "256→256 at 64×64"),
      Precision.BF16, new ConvolutionPeak(2000, "256→256 at 128×128")));

  @Test
  void thePeaksLineNamesEachPrecisionsBestShape() {
    assertThat(EfficiencyTable.peaks(PEAKS, "2")).contains("fp32 500 GFLOP/s (256→256 at 64×64)",
        "bf16 2000 GFLOP/s (256→256 at 128×128)", "intra-op threads 2");
  }

  @Test
  void aRowIsItsFlopOverItsTimeWithItsRoundsFractions() {
    // 379 GFLOP in 947.5 ms is 400 GFLOP/s; the fractions are the rounds' medians, printed as given.
    EfficiencyTable.Row fp32 = new EfficiencyTable.Row("adam", Precision.FP32, 512, 379, 947.5, 0.8, 0.8,
        Optional.empty());
    EfficiencyTable.Row bf16 = new EfficiencyTable.Row("adam", Precision.BF16, 512, 379, 473.75, 1.6, 0.4,
        Optional.of(2.0));
    assertThat(fp32.gflops()).isEqualTo(400);
    assertThat(bf16.gflops()).isEqualTo(800);
    assertThat(EfficiencyTable.line(fp32).split("\\s+")).containsSubsequence("400", "0.80", "0.80");
    assertThat(EfficiencyTable.line(bf16).split("\\s+")).containsSubsequence("800", "1.60", "0.40", "2.00");
  }

  @Test
  void theTargetsSayWhichRowsMeetThem() {
    List<EfficiencyTable.Row> rows = List.of(
        new EfficiencyTable.Row("adam", Precision.FP32, 256, 94.7, 231, 0.82, 0.82, Optional.empty()),
        new EfficiencyTable.Row("adam", Precision.FP32, 512, 379, 1083, 0.70, 0.70, Optional.empty()),
        new EfficiencyTable.Row("adam", Precision.BF16, 512, 379, 541, 1.4, 0.35, Optional.of(1.5)));
    String targets = EfficiencyTable.targets(rows);
    assertThat(targets).contains("adam 256 px 0.82 met", "adam 512 px 0.70 not met", "adam 1.50× not met");
  }
}
