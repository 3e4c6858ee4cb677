package dev.restyle.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * An 8-bit sRGB image to PNG or JPEG bytes, in memory, so callers can write them with one create/close.
 * The files say they are sRGB (a PNG {@code sRGB} chunk, a JPEG's ICC profile), so colour-managed
 * viewers show what the pipeline computed, whatever the screen.
 */
public final class ImageEncoder {

  private static final float JPEG_QUALITY = 0.95f;
  private static final String PNG_METADATA = "javax_imageio_png_1.0";
  private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";
  /** The sRGB chunk's rendering intent: perceptual, as the PNG specification recommends for photos. */
  private static final String PERCEPTUAL = "Perceptual";

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
      IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
      tagAsSrgb(metadata, format);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode " + format, e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static void tagAsSrgb(IIOMetadata metadata, ImageFormat format) throws IOException {
    if (format == ImageFormat.PNG) {
      IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA);
      IIOMetadataNode srgb = new IIOMetadataNode("sRGB");
      srgb.setAttribute("renderingIntent", PERCEPTUAL);
      root.appendChild(srgb);
      metadata.mergeTree(PNG_METADATA, root);
      return;
    }
    IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(JPEG_METADATA);
    IIOMetadataNode jfif = (IIOMetadataNode) root.getElementsByTagName("app0JFIF").item(0);
    IIOMetadataNode icc = new IIOMetadataNode("app2ICC");
    icc.setUserObject(ICC_Profile.getInstance(ColorSpace.CS_sRGB));
    jfif.appendChild(icc);
    metadata.setFromTree(JPEG_METADATA, root);
  }
}
