package dev.restyle.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The hostile and unusual inputs of the "Hostile inputs" issue, generated in memory: nothing binary is
 * committed. Used by the decoder tests and by {@code HostileInputsJobTest}.
 */
public final class HostileImages {

  /** CMYK patches (ink amounts 0..255), {@link #PATCH} × {@link #PATCH_HEIGHT} px, left to right. */
  public static final int[][] CMYK_PATCHES = {
      {255, 0, 0, 0}, {0, 255, 0, 0}, {0, 0, 255, 0}, {0, 0, 0, 255}, {0, 0, 0, 0}, {0, 0, 0, 128}, {0, 255, 255, 0}};
  /** What they are in sRGB: cyan, magenta, yellow, black, white, 50 % grey, red. */
  public static final int[] CMYK_AS_RGB = {0x00FFFF, 0xFF00FF, 0xFFFF00, 0x000000, 0xFFFFFF, 0x7F7F7F, 0xFF0000};
  public static final int PATCH = 16;
  /** Tall enough that the 112 × 64 image keeps a shorter side ≥ 16 px at any size. */
  public static final int PATCH_HEIGHT = 64;

  private HostileImages() {}

  /** A 64 × 64 noisy RGB JPEG (noise, so its entropy-coded data is long). */
  public static byte[] jpeg() {
    return jpeg(noise(64, 64));
  }

  /** The first half of {@link #jpeg()}: cut inside its image data. */
  public static byte[] truncatedJpeg() {
    byte[] full = jpeg();
    return Arrays.copyOf(full, full.length / 2);
  }

  /** A PNG whose IDAT CRC is wrong while its data is intact. */
  public static byte[] pngWithWrongCrc() {
    byte[] png = png(noise(8, 8));
    int idat = indexOf(png, "IDAT") - 4;
    int length = ByteBuffer.wrap(png, idat, 4).getInt();
    png[idat + 8 + length + 3] ^= 0x01; // last CRC byte
    return png;
  }

  public static byte[] text() {
    return "This is a text file, not a JPEG.\n".getBytes(StandardCharsets.UTF_8);
  }

  /**
   * An Adobe CMYK JPEG as Photoshop writes it: APP14 "Adobe" (transform 0, no colour transform) and
   * inverted samples (255 = no ink). The JDK writer stores a 4-band raster's samples as they are; the
   * APP14 segment is inserted after SOI.
   */
  public static byte[] cmykJpeg() {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE,
        PATCH * CMYK_PATCHES.length, PATCH_HEIGHT, 4, null);
    for (int p = 0; p < CMYK_PATCHES.length; p++) {
      int[] c = CMYK_PATCHES[p];
      fill(raster, p, new int[] {255 - c[0], 255 - c[1], 255 - c[2], 255 - c[3]});
    }
    return withAdobeSegment(rasterJpeg(raster), 0);
  }

  /**
   * The same patches as an Adobe YCCK JPEG (transform 2), the usual Photoshop CMYK JPEG: libjpeg's
   * encoder turns (C, M, Y) into YCbCr as if they were (255 - C, 255 - M, 255 - Y) of already inverted
   * samples, i.e. from the ink amounts; K stays inverted.
   */
  public static byte[] ycckJpeg() {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE,
        PATCH * CMYK_PATCHES.length, PATCH_HEIGHT, 4, null);
    for (int p = 0; p < CMYK_PATCHES.length; p++) {
      int[] c = CMYK_PATCHES[p];
      double r = c[0];
      double g = c[1];
      double b = c[2];
      fill(raster, p, new int[] {
          clamp(0.299 * r + 0.587 * g + 0.114 * b),
          clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b),
          clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b),
          255 - c[3]});
    }
    return withAdobeSegment(rasterJpeg(raster), 2);
  }

  /** 16-bit grey PNG, every sample {@code value}. */
  public static byte[] gray16Png(int width, int height, int value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, value);
      }
    }
    return png(image);
  }

  /** 16-bit RGB PNG, every pixel {@code rgb16} (three 16-bit samples). */
  public static byte[] rgb16Png(int width, int height, int[] rgb16) {
    ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
        Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster raster = model.createCompatibleWritableRaster(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setPixel(x, y, rgb16);
      }
    }
    return png(new BufferedImage(model, raster, false, null));
  }

  /** 8-bit grey PNG, every sample {@code value}. */
  public static byte[] grayPng(int width, int height, int value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, value);
      }
    }
    return png(image);
  }

  /** 8-bit grey (one component) JPEG, every sample {@code value}. */
  public static byte[] grayJpeg(int width, int height, int value) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, value);
      }
    }
    return jpeg(image);
  }

  /** Palette PNG: left half palette entry 0 (red), right half entry 1 (half-transparent blue). */
  public static byte[] palettePng(int width, int height) {
    byte[] r = {(byte) 255, 0};
    byte[] g = {0, 0};
    byte[] b = {0, (byte) 255};
    byte[] a = {(byte) 255, (byte) 128};
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED,
        new IndexColorModel(1, 2, r, g, b, a));
    WritableRaster raster = image.getRaster();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        raster.setSample(x, y, 0, x < width / 2 ? 0 : 1);
      }
    }
    return png(image);
  }

  /** RGBA PNG, three vertical thirds: opaque blue, transparent black, half-transparent red. */
  public static byte[] alphaPng(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int third = x * 3 / width;
        image.setRGB(x, y, third == 0 ? 0xFF0000FF : third == 1 ? 0x00000000 : 0x80FF0000);
      }
    }
    return png(image);
  }

  public static byte[] rgbPng(int width, int height, int rgb) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return png(image);
  }

  /**
   * A well-formed PNG (all CRCs right) whose IHDR declares {@code width × height} RGB pixels, with a
   * tiny IDAT: a few compressed bytes, nowhere near the pixels it claims.
   */
  public static byte[] pngDeclaring(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array()));
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[16]);
    deflater.finish();
    byte[] compressed = new byte[64];
    int n = deflater.deflate(compressed);
    deflater.end();
    out.writeBytes(chunk("IDAT", Arrays.copyOf(compressed, n)));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }

  /** A small valid JPEG whose frame header (SOF0) is patched to declare {@code width × height}. */
  public static byte[] jpegDeclaring(int width, int height) {
    byte[] jpeg = jpeg(noise(16, 16));
    int sof = sofOffset(jpeg);
    jpeg[sof + 5] = (byte) (height >> 8);
    jpeg[sof + 6] = (byte) height;
    jpeg[sof + 7] = (byte) (width >> 8);
    jpeg[sof + 8] = (byte) width;
    return jpeg;
  }

  /** The offset of the SOF0 marker's 0xFF in a JPEG written by the JDK (its segments, in order). */
  public static int sofOffset(byte[] jpeg) {
    int at = 2;
    while ((jpeg[at + 1] & 0xFF) != 0xC0) {
      at += 2 + (((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF));
    }
    return at;
  }

  public static BufferedImage noise(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return image;
  }

  public static byte[] png(BufferedImage image) {
    return write(image, "png");
  }

  public static byte[] jpeg(BufferedImage image) {
    return write(image, "jpeg");
  }

  /** A PNG's IHDR bit depth and colour type, to check that a fixture is what it claims to be. */
  public static int[] pngDepthAndColourType(byte[] png) {
    return new int[] {png[24] & 0xFF, png[25] & 0xFF};
  }

  private static byte[] write(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no " + format + " writer for image type " + image.getType());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The JDK's own writer (not TwelveMonkeys'), quality 1: a raster's samples go in without conversion. */
  private static byte[] rasterJpeg(Raster raster) {
    ImageWriter writer = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter candidate = it.next();
      if (candidate.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageWriter")) {
        writer = candidate;
      }
    }
    if (writer == null) {
      throw new IllegalStateException("the JDK's JPEG writer is not registered");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(1f);
      writer.write(null, new IIOImage(raster, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Inserts APP14 "Adobe" (version 100, no flags, the given colour transform) right after SOI. */
  private static byte[] withAdobeSegment(byte[] jpeg, int transform) {
    byte[] app14 = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(app14);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static void fill(WritableRaster raster, int patch, int[] samples) {
    for (int y = 0; y < PATCH_HEIGHT; y++) {
      for (int x = 0; x < PATCH; x++) {
        raster.setPixel(patch * PATCH + x, y, samples);
      }
    }
  }

  private static int clamp(double value) {
    return (int) Math.max(0, Math.min(255, Math.round(value)));
  }

  private static byte[] chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
        .putInt((int) crc.getValue()).array();
  }

  private static int indexOf(byte[] bytes, String ascii) {
    byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException(ascii + " not found");
  }
}
