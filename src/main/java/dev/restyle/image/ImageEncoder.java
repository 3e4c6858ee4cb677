package dev.restyle.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** An 8-bit RGB image to PNG or JPEG bytes, in memory, so callers can write them with one create/close. */
public final class ImageEncoder {

  private static final float JPEG_QUALITY = 0.95f;

  private ImageEncoder() {}

  public static byte[] encode(BufferedImage image, ImageFormat format) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format == ImageFormat.PNG ? "png" : "jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(output);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == ImageFormat.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode " + format, e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
