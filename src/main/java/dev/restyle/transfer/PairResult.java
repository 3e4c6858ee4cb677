package dev.restyle.transfer;

import dev.restyle.image.ImageFormat;
import dev.restyle.image.Orientation;
import java.util.List;

/**
 * What one optimized pair produced. {@code initial} is measured at the starting image; {@code last}
 * at the final image after clamping into [0,1], i.e. the picture the user gets.
 *
 * @param contentOrientation how the content file said its pixels are stored; the output is written upright
 */
public record PairResult(
    byte[] image,
    ImageFormat format,
    int width,
    int height,
    LossValues initial,
    LossValues last,
    List<HistoryPoint> history,
    int iterationsDone,
    long wallMillis,
    double medianMillisPerIteration,
    boolean styleCacheHit,
    Orientation contentOrientation) {}
