package dev.restyle.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What went wrong in a pair that still produced a picture: the {@code flags} column. Each flag is a plain
 * test on the pair's own figures, so an analyst can recompute it from the other columns.
 */
public enum QualityFlag {
  /** A loss the pair recorded (initial, any history point, the last iterate, the written picture) is NaN or ±∞. */
  NAN_LOSS,
  /**
   * The written picture is near-constant: its luminance varies by less than {@value #FLAT_LUMA_STD_DEV} 8-bit
   * levels (standard deviation). Below that the eye sees one flat colour; a stylized picture is never that
   * flat, even from a flat content, unless the style term had nothing to do.
   */
  FLAT_OUTPUT,
  /** The loss did not fall: the written picture's total loss is at least the starting image's. */
  NO_PROGRESS,
  /**
   * Writing the picture (the clamp into [0,1], 8-bit rounding, JPEG) raised its total loss by more than
   * {@value #OUT_OF_RANGE_RATIO}× the last iterate's: the optimizer left pixels far outside the range. A
   * ratio below 1 is not flagged: Adam's written picture is one step past its last evaluation and often
   * better.
   */
  OUT_OF_RANGE;

  public static final double FLAT_LUMA_STD_DEV = 2.0;
  public static final double OUT_OF_RANGE_RATIO = 1.10;

  /** The value in the {@code flags} column: {@code nan_loss}, {@code flat_output}, … */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The flags a pair's result raises, in declaration order; empty for a clean pair. */
  public static List<QualityFlag> raisedBy(PairResult result) {
    List<QualityFlag> flags = new ArrayList<>();
    if (!allFinite(result)) {
      flags.add(NAN_LOSS);
    }
    if (result.quality().lumaStdDev() < FLAT_LUMA_STD_DEV) {
      flags.add(FLAT_OUTPUT);
    }
    double initial = result.initial().total();
    double written = result.last().total();
    if (Double.isFinite(initial) && Double.isFinite(written) && written >= initial) {
      flags.add(NO_PROGRESS);
    }
    if (result.writtenLossRatio() > OUT_OF_RANGE_RATIO) {
      flags.add(OUT_OF_RANGE);
    }
    return flags;
  }

  private static boolean allFinite(PairResult result) {
    if (!finite(result.initial()) || !finite(result.last()) || !finite(result.lastIterate())) {
      return false;
    }
    return result.history().stream().allMatch(point -> finite(point.losses()));
  }

  private static boolean finite(LossValues losses) {
    return Double.isFinite(losses.content()) && Double.isFinite(losses.style()) && Double.isFinite(losses.tv())
        && Double.isFinite(losses.total());
  }
}
