package dev.restyle.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import dev.restyle.support.FileKind;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Bytes to an upright 8-bit sRGB image, whatever the source: gray, palette, alpha, 16-bit, CMYK/YCCK
 * JPEG, WebP, and pictures whose EXIF orientation says they are stored turned or mirrored.
 *
 * <p>In order: the header's size is checked against {@link ImageLimits} before anything else is read (for
 * PNG and JPEG from our own walk of IHDR/SOF, so a file declaring 100,000 × 100,000 pixels costs nothing);
 * then the PNG CRCs or the JPEG's end-of-image marker, which the decoders do not insist on; then the
 * pixels. Every problem is an {@link ImageException} that names the image.
 */
public final class ImageDecoder {

  /**
   * TwelveMonkeys' JPEG reader: it decodes CMYK and YCCK (Adobe) JPEGs, which the JDK's cannot, and
   * converts them to sRGB (with the embedded ICC profile when there is one), delegating plain YCbCr
   * JPEGs to the JDK's reader. Looked up in, or added to, the registry by class, so it is used even where
   * ImageIO scanned the class path before this jar was on it (a Spark executor's user class loader).
   */
  private static final ImageReaderSpi JPEG_READERS;

  static {
    ImageIO.setUseCache(false); // no temp files: executors may have read-only or shared /tmp
    JPEG_READERS = registered(JPEGImageReaderSpi.class, JPEGImageReaderSpi::new);
    // TwelveMonkeys' WebP reader (lossy VP8, lossless VP8L, alpha), found by ImageIO once registered.
    registered(WebPImageReaderSpi.class, WebPImageReaderSpi::new);
  }

  /** Registered by class, so it is used even where ImageIO scanned the class path before its jar was on it. */
  private static <T extends ImageReaderSpi> T registered(Class<T> type, java.util.function.Supplier<T> create) {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    T spi = registry.getServiceProviderByClass(type);
    if (spi == null) {
      spi = create.get();
      registry.registerServiceProvider(spi); // onRegistration finds any JDK reader it delegates to
    }
    return spi;
  }

  /** A display side that asks for every pixel. */
  public static final int FULL_SIZE = 0;

  private ImageDecoder() {}

  /** The picture as it is shown: decoded, then turned upright by its EXIF orientation. */
  public static BufferedImage decode(byte[] bytes, String name, ImageLimits limits) {
    return decodeOriented(bytes, name, limits).image();
  }

  /**
   * @param name how to call the image in messages (its URI)
   * @return the upright picture, and the orientation its file declared
   */
  public static DecodedImage decodeOriented(byte[] bytes, String name, ImageLimits limits) {
    return decodeOriented(bytes, name, limits, FULL_SIZE);
  }

  /**
   * As {@link #decodeOriented(byte[], String, ImageLimits)}, for a caller that will shrink the picture to
   * at most {@code displaySide} pixels on its longest side: a JPEG or PNG much larger than that is decoded
   * at a reduced scale ({@link DecodeScale}), which bounds the memory and time a 48-megapixel photo costs.
   *
   * @param displaySide the longest side the caller resizes to; {@link #FULL_SIZE} for every pixel
   */
  public static DecodedImage decodeOriented(byte[] bytes, String name, ImageLimits limits, int displaySide) {
    BufferedImage stored = decodeStored(bytes, name, limits, displaySide);
    if (PngStructure.matches(bytes)) {
      stored = PngColorProfile.toSrgb(bytes, stored); // the other readers convert their profiles themselves
    }
    Orientation orientation = ExifOrientation.of(bytes);
    return new DecodedImage(orientation.upright(stored), orientation);
  }

  private static BufferedImage decodeStored(byte[] bytes, String name, ImageLimits limits, int displaySide) {
    if (bytes.length == 0) {
      throw new ImageException(ImageException.Reason.UNDECODABLE, name + " is empty (0 bytes)");
    }
    boolean jpeg = JpegStructure.matches(bytes);
    if (PngStructure.matches(bytes)) {
      checkHeader(PngStructure.header(bytes, name), name, limits);
      PngStructure.verify(bytes, name);
    } else if (jpeg) {
      checkHeader(JpegStructure.header(bytes, name), name, limits);
      JpegStructure.verify(bytes, name);
    }
    try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      ImageReader reader = jpeg ? JPEG_READERS.createReaderInstance() : readerFor(input, bytes, name);
      try {
        reader.setInput(input, true, true);
        checkHeader(new ImageHeader(reader.getWidth(0), reader.getHeight(0)), name, limits); // GIF, BMP
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        ImageReadParam param = reader.getDefaultReadParam();
        int step = jpeg || PngStructure.matches(bytes)
            ? DecodeScale.step(reader.getWidth(0), reader.getHeight(0), displaySide) : 1;
        if (step > 1) {
          param.setSourceSubsampling(step, step, 0, 0);
        }
        BufferedImage image = reader.read(0, param);
        for (String warning : warnings) {
          if (isTruncation(warning)) {
            throw new ImageException(ImageException.Reason.UNDECODABLE,
                name + " is truncated or corrupt; the decoder reported: " + warning);
          }
        }
        return toRgb(image);
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

  private static ImageReader readerFor(ImageInputStream input, byte[] bytes, String name) {
    Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
    if (!readers.hasNext()) {
      HeifBrand.of(bytes).ifPresent(format -> {
        throw new ImageException(ImageException.Reason.UNSUPPORTED_FORMAT, String.format(
            "%s is %s, which Restyle does not read; convert it to JPEG or PNG (for example with heif-convert "
                + "from libheif-examples, or an export from the photo app)", name, format));
      });
      throw new ImageException(ImageException.Reason.UNDECODABLE, String.format(
          "%s is not an image in a known format (PNG, JPEG, WebP, GIF, BMP, TIFF); it looks like %s", name,
          FileKind.of(bytes)));
    }
    return readers.next();
  }

  /**
   * Decoders go on past missing data with only a warning (libjpeg: "Premature end of JPEG file",
   * "Corrupt JPEG data: premature end of data segment"; TwelveMonkeys: "Truncated File - Missing EOI
   * marker") and fill the rest with grey. The structure walks catch truncation first; this is the net.
   * Other warnings (extraneous bytes, an odd ICC profile) leave a usable image and are ignored.
   */
  private static boolean isTruncation(String warning) {
    String lower = String.valueOf(warning).toLowerCase(Locale.ROOT);
    return lower.contains("premature end") || lower.contains("truncated");
  }

  private static void checkHeader(ImageHeader header, String name, ImageLimits limits) {
    int width = header.width();
    int height = header.height();
    long pixels = header.pixels();
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

  /**
   * Redraws any image model as 8-bit sRGB: gray (values kept: 8-bit 100 stays 100; Java2D's drawImage
   * treats gray as display gray, whereas {@code getRGB} on a gray image would brighten it), indexed,
   * 16-bit (the high byte: 0x8000 becomes 128), and CMYK already converted by the JPEG reader.
   * Transparent and translucent pixels are composited over white, as a page or a browser shows them;
   * the network has no alpha input.
   */
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
