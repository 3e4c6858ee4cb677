package dev.restyle.image;

/**
 * How much of a large picture to decode when it will be shown much smaller: every n-th pixel of every
 * n-th row (ImageIO's source subsampling, which the JPEG and PNG readers apply while decoding, so the
 * full picture never exists in memory). Enough is kept for the resize that follows to filter the result
 * as it filters a full decode: at least {@link #MARGIN} times the display side, and never a thin side
 * under {@link #MIN_KEPT_SIDE}, so the limits of tiny and elongated images see the file's true size.
 */
final class DecodeScale {

  /** Decoded pixels per displayed pixel, at least: the resize's halving steps then smooth what was skipped. */
  static final int MARGIN = 4;
  static final int MIN_KEPT_SIDE = 256;

  private DecodeScale() {}

  /** @return the subsampling step; 1 decodes every pixel */
  static int step(int width, int height, int displaySide) {
    if (displaySide <= 0) {
      return 1;
    }
    int step = Math.max(width, height) / (MARGIN * displaySide);
    while (step > 1 && Math.min(width, height) / step < MIN_KEPT_SIDE) {
      step--;
    }
    return Math.max(1, step);
  }
}
