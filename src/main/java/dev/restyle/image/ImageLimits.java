package dev.restyle.image;

/**
 * What an input image may be. The pixel cap is checked against the header, before any decoding, so a
 * file that claims 100,000 × 100,000 pixels costs nothing.
 */
public record ImageLimits(long maxPixels, int minSide) {

  /** 100 megapixels: well above any camera, far below what would exhaust an executor. */
  public static final ImageLimits DEFAULT = new ImageLimits(100_000_000L, 1);
}
