package dev.restyle.transfer;

import dev.restyle.image.Ssim;
import dev.restyle.image.YCbCr;

/**
 * What the written picture itself says about a pair, without a human: how much of the content's structure
 * it kept ({@code contentSsim}, SSIM on luminance against the content resized to the output) and how much
 * it varies at all ({@code lumaStdDev}, the standard deviation of its luminance in 8-bit levels, 0..255).
 */
public record PictureQuality(double contentSsim, double lumaStdDev) {

  /**
   * @param written and {@code content}: RGB in [0,1], C×H×W, of one size; the SSIM is NaN below the SSIM
   *     window's side (outputs are at least 16 px a side, so only a caller's own tiny pictures)
   */
  public static PictureQuality of(float[] written, float[] content, int width, int height) {
    double ssim = width >= Ssim.WINDOW && height >= Ssim.WINDOW ? Ssim.ofLuminance(written, content, width, height)
        : Double.NaN;
    return new PictureQuality(ssim, lumaStdDev(written, width * height));
  }

  private static double lumaStdDev(float[] rgb, int pixels) {
    double sum = 0;
    double sumOfSquares = 0;
    for (int i = 0; i < pixels; i++) {
      double y = 255 * YCbCr.y(rgb[i], rgb[pixels + i], rgb[2 * pixels + i]);
      sum += y;
      sumOfSquares += y * y;
    }
    double mean = sum / pixels;
    return Math.sqrt(Math.max(0, sumOfSquares / pixels - mean * mean));
  }
}
