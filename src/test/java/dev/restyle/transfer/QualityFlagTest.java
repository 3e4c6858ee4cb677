package dev.restyle.transfer;

import static dev.restyle.transfer.QualityFlag.FLAT_OUTPUT;
import static dev.restyle.transfer.QualityFlag.NAN_LOSS;
import static dev.restyle.transfer.QualityFlag.NO_PROGRESS;
import static dev.restyle.transfer.QualityFlag.OUT_OF_RANGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.restyle.image.ImageFormat;
import dev.restyle.image.Orientation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flags' thresholds exactly, on results made by hand; QualitySignalsTest raises each one for real. */
class QualityFlagTest {

  @Test
  void aCleanResultRaisesNothing() {
    assertThat(result(10, 2, 2, 40, List.of()).flags()).isEmpty();
  }

  @Test
  void flatOutputBelowTwoLevelsOfLuminanceSpread() {
    assertThat(result(10, 2, 2, 1.99, List.of()).flags()).containsExactly(FLAT_OUTPUT);
    assertThat(result(10, 2, 2, 2.0, List.of()).flags()).isEmpty();
  }

  @Test
  void noProgressWhenTheWrittenLossIsNotBelowTheStart() {
    assertThat(result(10, 10, 10, 40, List.of()).flags()).containsExactly(NO_PROGRESS);
    assertThat(result(10, 9.999, 9.999, 40, List.of()).flags()).isEmpty();
  }

  @Test
  void outOfRangeWhenWritingRaisedTheLossByMoreThanTenPercent() {
    assertThat(result(10, 2.2001, 2, 40, List.of()).flags()).containsExactly(OUT_OF_RANGE);
    assertThat(result(10, 2.2, 2, 40, List.of()).flags()).isEmpty();
    // Lower after writing (Adam's last step is not evaluated) is no problem.
    assertThat(result(10, 1, 2, 40, List.of()).flags()).isEmpty();
  }

  @Test
  void nanLossFromAnyRecordedPoint() {
    HistoryPoint bad = new HistoryPoint(3, 32, new LossValues(Double.NaN, 1, 0, Double.NaN));
    assertThat(result(10, 2, 2, 40, List.of(bad)).flags()).containsExactly(NAN_LOSS);
    assertThat(result(10, 2, Double.POSITIVE_INFINITY, 40, List.of()).flags()).containsExactly(NAN_LOSS);
  }

  @Test
  void theLossRatioIsFinalOverInitialAndNullWhereUndefined() {
    assertThat(result(10, 2, 2, 40, List.of()).lossRatio()).isEqualTo(0.2);
    assertThat(result(0, 0, 0, 40, List.of()).lossRatio()).isNull();
    assertThat(result(Double.NaN, 2, 2, 40, List.of()).lossRatio()).isNull();
  }

  @Test
  void theLuminanceSpreadIsInEightBitLevels() {
    int pixels = 16 * 16;
    float[] rgb = new float[3 * pixels];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = ((i % pixels) % 2 == 0 ? 100 : 104) / 255f; // gray 100 and 104, half each: σ = 2 levels
    }
    assertThat(PictureQuality.of(rgb, rgb, 16, 16).lumaStdDev()).isCloseTo(2.0, within(1e-4));
    assertThat(PictureQuality.of(rgb, rgb, 16, 16).contentSsim()).isEqualTo(1.0);
    assertThat(PictureQuality.of(new float[3 * 100], new float[3 * 100], 10, 10).contentSsim()).isNaN();
  }

  private static PairResult result(double initial, double written, double lastIterate, double lumaStdDev,
      List<HistoryPoint> history) {
    return new PairResult(new byte[0], ImageFormat.PNG, 32, 32, new LossValues(0, 1, 0, initial),
        new LossValues(0, 1, 0, written), new LossValues(0, 1, 0, lastIterate), history, 5, 10, 1.0, false,
        Orientation.NORMAL, new PictureQuality(0.5, lumaStdDev));
  }
}
