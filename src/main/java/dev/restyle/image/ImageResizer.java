package dev.restyle.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Scales an image so its longest side has a given length, keeping the aspect ratio. */
public final class ImageResizer {

  private ImageResizer() {}

  /**
   * The shortest side an image may have after resizing: VGG19 halves the image 4 times (pool1..pool4)
   * before relu5_1, the deepest layer Restyle uses, so 16 px reach conv5 as 1 px; 15 px would reach it
   * as 0 px and the network would fail with an obscure shape error.
   */
  public static final int MIN_NETWORK_SIDE = 16;

  public static BufferedImage toLongestSide(BufferedImage image, int longestSide) {
    int[] size = longestSideSize(image, longestSide);
    return toSize(image, size[0], size[1]);
  }

  /**
   * {@link #toLongestSide}, for the network: refuses, before any resizing, an image whose shorter side
   * would end up under {@link #MIN_NETWORK_SIDE} (a 1 × 2000 strip at 512 px is 1 × 512). A small image
   * of ordinary shape is fine: a 1 × 1 image becomes {@code longestSide × longestSide}.
   *
   * @param name how to call the image in messages (its URI)
   */
  public static BufferedImage forNetwork(BufferedImage image, int longestSide, String name) {
    int[] size = longestSideSize(image, longestSide);
    if (Math.min(size[0], size[1]) < MIN_NETWORK_SIDE) {
      throw new ImageException(ImageException.Reason.TOO_SMALL, String.format(
          "%s is %d × %d; after resizing to %d px the image is %d × %d; the shorter side must be at least %d px "
              + "(VGG19 halves it 4 times)",
          name, image.getWidth(), image.getHeight(), longestSide, size[0], size[1], MIN_NETWORK_SIDE));
    }
    return toSize(image, size[0], size[1]);
  }

  private static int[] longestSideSize(BufferedImage image, int longestSide) {
    int longest = Math.max(image.getWidth(), image.getHeight());
    double scale = (double) longestSide / longest;
    int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
    return new int[] {width, height};
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
