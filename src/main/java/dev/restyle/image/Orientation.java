package dev.restyle.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * How a picture's stored pixels are turned to show it upright: the eight values of the EXIF/TIFF
 * orientation tag (274), which cameras and phones set instead of rotating the pixels they store.
 */
public enum Orientation {
  /** 1: stored upright. */
  NORMAL(1),
  /** 2: mirrored left to right. */
  MIRROR_HORIZONTAL(2),
  /** 3: upside down. */
  ROTATE_180(3),
  /** 4: mirrored top to bottom. */
  MIRROR_VERTICAL(4),
  /** 5: mirrored along the top-left to bottom-right diagonal. */
  TRANSPOSE(5),
  /** 6: shown turned 90° clockwise (a phone held upright, the usual portrait photo). */
  ROTATE_90(6),
  /** 7: mirrored along the top-right to bottom-left diagonal. */
  TRANSVERSE(7),
  /** 8: shown turned 90° counter-clockwise. */
  ROTATE_270(8);

  private final int tag;

  Orientation(int tag) {
    this.tag = tag;
  }

  /** The tag's value, 1 to 8, as the metrics record it. */
  public int tag() {
    return tag;
  }

  /** The orientation a tag value names; values outside 1..8 (seen in the wild) are taken as stored upright. */
  public static Orientation ofTag(int tag) {
    for (Orientation orientation : values()) {
      if (orientation.tag == tag) {
        return orientation;
      }
    }
    return NORMAL;
  }

  /** Whether showing the picture swaps its width and height. */
  public boolean swapsSides() {
    return this == TRANSPOSE || this == ROTATE_90 || this == TRANSVERSE || this == ROTATE_270;
  }

  /** The picture as it is shown: a new image, pixel for pixel (no resampling), or {@code stored} itself. */
  public BufferedImage upright(BufferedImage stored) {
    if (this == NORMAL) {
      return stored;
    }
    BufferedImage source = ImageDecoder.toRgb(stored);
    int width = source.getWidth();
    int height = source.getHeight();
    int shownWidth = swapsSides() ? height : width;
    int shownHeight = swapsSides() ? width : height;
    BufferedImage shown = new BufferedImage(shownWidth, shownHeight, BufferedImage.TYPE_INT_RGB);
    int[] from = ((DataBufferInt) source.getRaster().getDataBuffer()).getData();
    int[] to = ((DataBufferInt) shown.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < shownHeight; y++) {
      for (int x = 0; x < shownWidth; x++) {
        to[y * shownWidth + x] = from[storedIndex(x, y, width, height)];
      }
    }
    return shown;
  }

  /** Where the pixel shown at (x, y) is stored, in a stored image of {@code width × height}. */
  private int storedIndex(int x, int y, int width, int height) {
    return switch (this) {
      case NORMAL -> y * width + x;
      case MIRROR_HORIZONTAL -> y * width + (width - 1 - x);
      case ROTATE_180 -> (height - 1 - y) * width + (width - 1 - x);
      case MIRROR_VERTICAL -> (height - 1 - y) * width + x;
      case TRANSPOSE -> x * width + y;
      case ROTATE_90 -> (height - 1 - x) * width + y;
      case TRANSVERSE -> (height - 1 - x) * width + (width - 1 - y);
      case ROTATE_270 -> x * width + (width - 1 - y);
    };
  }
}
