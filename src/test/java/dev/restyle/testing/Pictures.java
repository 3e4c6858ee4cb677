package dev.restyle.testing;

import java.awt.image.BufferedImage;

/** Pixel-level comparisons of two pictures of the same size, for the image tests. */
public final class Pictures {

  private Pictures() {}

  /** The largest difference of one channel of one pixel, 0 to 255. */
  public static int maxDifference(BufferedImage a, BufferedImage b) {
    requireSameSize(a, b);
    int max = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift < 24; shift += 8) {
          max = Math.max(max, Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF)));
        }
      }
    }
    return max;
  }

  /** Peak signal-to-noise ratio over the three channels, in dB. */
  public static double psnr(BufferedImage a, BufferedImage b) {
    requireSameSize(a, b);
    double squared = 0;
    long samples = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift < 24; shift += 8) {
          double d = (p >> shift & 0xFF) - (q >> shift & 0xFF);
          squared += d * d;
          samples++;
        }
      }
    }
    return 10 * Math.log10(255.0 * 255.0 / (squared / samples));
  }

  private static void requireSameSize(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new AssertionError("sizes differ: " + a.getWidth() + "×" + a.getHeight() + " vs " + b.getWidth() + "×"
          + b.getHeight());
    }
  }
}
