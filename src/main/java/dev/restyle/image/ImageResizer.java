package dev.restyle.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Scales an image so its longest side has a given length, keeping the aspect ratio. */
public final class ImageResizer {

  private ImageResizer() {}

  public static BufferedImage toLongestSide(BufferedImage image, int longestSide) {
    int longest = Math.max(image.getWidth(), image.getHeight());
    double scale = (double) longestSide / longest;
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    return toSize(image, width, height);
  }

  /**
   * Scales to exactly {@code width × height}. Large reductions go by halves first: one bicubic step
   * samples only 4×4 source pixels per output pixel and would alias.
   */
  public static BufferedImage toSize(BufferedImage image, int width, int height) {
    BufferedImage current = image;
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
    }
    if (current.getWidth() == width && current.getHeight() == height) {
      return current;
    }
    return draw(current, width, height);
  }

  private static BufferedImage draw(BufferedImage source, int width, int height) {
    BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = target.createGraphics();
    try {
      graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      graphics.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      graphics.drawImage(source, 0, 0, width, height, null);
    } finally {
      graphics.dispose();
    }
    return target;
  }
}
