package dev.restyle.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Bytes to an 8-bit sRGB image, whatever the source: gray, palette, alpha, 16-bit. */
public final class ImageDecoder {

  static {
    ImageIO.setUseCache(false); // no temp files: executors may have read-only or shared /tmp
  }

  private ImageDecoder() {}

  /** @param name how to call the image in messages (its URI) */
  public static BufferedImage decode(byte[] bytes, String name, ImageLimits limits) {
    if (bytes.length == 0) {
      throw new ImageException(ImageException.Reason.UNDECODABLE, name + " is empty (0 bytes)");
    }
    try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = readerFor(input, name);
      try {
        reader.setInput(input, true, true);
        checkHeader(reader.getWidth(0), reader.getHeight(0), name, limits);
        return toRgb(reader.read(0));
      } finally {
        reader.dispose();
      }
    } catch (ImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageException(
          ImageException.Reason.UNDECODABLE, name + " could not be decoded: " + e.getMessage(), e);
    }
  }

  private static ImageReader readerFor(ImageInputStream input, String name) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
    if (!readers.hasNext()) {
      throw new ImageException(
          ImageException.Reason.UNDECODABLE, name + " is not an image in a known format (PNG, JPEG, BMP, GIF)");
    }
    return readers.next();
  }

  private static void checkHeader(int width, int height, String name, ImageLimits limits) {
    long pixels = (long) width * height;
    if (pixels > limits.maxPixels()) {
      throw new ImageException(ImageException.Reason.TOO_LARGE, String.format(
          "%s declares %d × %d = %d pixels, over the limit of %d (raise it with --max-input-pixels)",
          name, width, height, pixels, limits.maxPixels()));
    }
    if (Math.min(width, height) < limits.minSide()) {
      throw new ImageException(ImageException.Reason.TOO_SMALL, String.format(
          "%s is %d × %d; each side must be at least %d pixels", name, width, height, limits.minSide()));
    }
  }

  /** Redraws any image model (gray, indexed, 16-bit, alpha over white) as 8-bit RGB. */
  static BufferedImage toRgb(BufferedImage source) {
    if (source.getType() == BufferedImage.TYPE_INT_RGB) {
      return source;
    }
    BufferedImage rgb = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = rgb.createGraphics();
    try {
      graphics.drawImage(source, 0, 0, Color.WHITE, null);
    } finally {
      graphics.dispose();
    }
    return rgb;
  }
}
