package dev.restyle.bench;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.transfer.PairInput;
import java.awt.image.BufferedImage;

/**
 * Pictures drawn from formulas, so every measurement runs on the same pixels without shipping files:
 * the benchmark's gradient and stripes, and the tiling probe's landscape and texture.
 */
final class SyntheticImages {

  private SyntheticImages() {}

  /** The benchmark's pair: a colour gradient stylized with diagonal stripes, both {@code size} square. */
  static PairInput benchPair(int size) {
    return new PairInput("synthetic-content", png(gradient(size)), "synthetic-style", png(stripes(size)));
  }

  /** The tiling probe's pair: a landscape of {@code width × height} and a 512 px texture. */
  static PairInput landscapePair(int width, int height) {
    return new PairInput("synthetic-content", png(landscape(width, height)), "synthetic-style", png(texture(512)));
  }

  static BufferedImage gradient(int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int r = 255 * x / size;
        int g = 255 * y / size;
        image.setRGB(x, y, (r << 16) | (g << 8) | 128);
      }
    }
    return image;
  }

  static BufferedImage stripes(int size) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int stripe = (int) (127.5 + 127.5 * Math.sin(0.3 * x + 0.15 * y));
        image.setRGB(x, y, (stripe << 16) | ((255 - stripe) << 8) | (x * y % 256));
      }
    }
    return image;
  }

  /** Sky, ground and a sun: large smooth regions with one sharp edge, like a photo. */
  static BufferedImage landscape(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double u = x / (double) width;
        double v = y / (double) height;
        boolean sun = Math.hypot(u - 0.7, v - 0.3) < 0.12;
        int r = sun ? 250 : (int) (120 + 100 * u);
        int g = sun ? 220 : (int) (60 + 150 * v * (1 - u));
        int b = sun ? 90 : (int) (200 - 120 * v);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  /** Checks and diagonal hatching: strong, repeating texture for the Gram matrices to carry. */
  static BufferedImage texture(int side) {
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        image.setRGB(x, y, ((x / 8 + y / 8) % 3 == 0 ? 0xE0A020 : (x + 2 * y) % 13 < 6 ? 0x2040C0 : 0x30B060)
            ^ (x * 7 % 32));
      }
    }
    return image;
  }

  private static byte[] png(BufferedImage image) {
    return ImageEncoder.encode(image, ImageFormat.PNG);
  }
}
