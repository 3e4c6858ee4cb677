package dev.restyle.transfer;

import dev.restyle.image.ImageFormat;
import dev.restyle.image.Orientation;
import java.util.List;

/**
 * What one optimized pair produced. {@code initial} is measured at the starting image; {@code last} at the
 * written picture (the encoded file decoded again, i.e. the picture the user gets); {@code lastIterate} at
 * the optimizer's last evaluation.
 *
 * @param contentOrientation how the content file said its pixels are stored; the output is written upright
 * @param quality the written picture's SSIM against the resized content and its luminance spread
 */
public record PairResult(
    byte[] image,
    ImageFormat format,
    int width,
    int height,
    LossValues initial,
    LossValues last,
    LossValues lastIterate,
    List<HistoryPoint> history,
    int iterationsDone,
    long wallMillis,
    double medianMillisPerIteration,
    boolean styleCacheHit,
    Orientation contentOrientation,
    PictureQuality quality) {

  /**
   * The written picture's total loss over the last iterate's: above 1 when writing (the clamp into [0,1],
   * 8-bit rounding, JPEG) undid part of the optimization.
   */
  public double writtenLossRatio() {
    return last.total() / lastIterate.total();
  }

  /**
   * The written picture's total loss over the starting image's; null when that is undefined (a start at
   * zero loss, or a loss that is not finite), so analysts never average NaN or ∞.
   */
  public Double lossRatio() {
    double ratio = last.total() / initial.total();
    return initial.total() != 0 && Double.isFinite(ratio) ? ratio : null;
  }

  /** What went wrong although the pair produced a picture; empty when nothing did. */
  public List<QualityFlag> flags() {
    return QualityFlag.raisedBy(this);
  }
}
