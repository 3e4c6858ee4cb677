package dev.restyle.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's embedded ICC profile ({@code iCCP}), applied: its pixel values mean colours in that profile,
 * and are converted to sRGB with the JDK's colour management, the same that the JPEG (TwelveMonkeys),
 * TIFF (JDK) and WebP (TwelveMonkeys) readers already apply to their embedded profiles. The JDK's PNG
 * reader alone ignores the chunk, so a PNG tagged with, say, Adobe RGB would otherwise come out too dull.
 */
final class PngColorProfile {

  /** An inflated profile larger than this is no real profile (they are kilobytes); it is ignored. */
  private static final int MAX_PROFILE_BYTES = 16 << 20;

  private PngColorProfile() {}

  /**
   * The picture in sRGB, by what the PNG says of its colours, in the specification's order: an {@code sRGB}
   * chunk, an RGB ICC profile, {@code gAMA}/{@code cHRM} ({@link PngGamma}); nothing at all means sRGB.
   */
  static BufferedImage toSrgb(byte[] png, BufferedImage decoded) {
    if (PngStructure.chunk(png, "sRGB").isPresent()) {
      return decoded;
    }
    Optional<ICC_Profile> profile = PngStructure.chunk(png, "iCCP").flatMap(PngColorProfile::profile);
    if (profile.isPresent()) {
      return convert(decoded, profile.get());
    }
    return PngGamma.toSrgb(png, decoded).orElse(decoded);
  }

  /** iCCP: a name of 1 to 79 bytes, a zero byte, the compression method (0: zlib), the compressed profile. */
  private static Optional<ICC_Profile> profile(byte[] chunk) {
    int end = 0;
    while (end < chunk.length && chunk[end] != 0) {
      end++;
    }
    if (end + 2 > chunk.length || chunk[end + 1] != 0) {
      return Optional.empty();
    }
    try {
      ICC_Profile profile = ICC_Profile.getInstance(inflate(chunk, end + 2));
      // A gray profile on a gray PNG describes values already expanded to RGB: leave them.
      return profile.getColorSpaceType() == ColorSpace.TYPE_RGB ? Optional.of(profile) : Optional.empty();
    } catch (IllegalArgumentException | DataFormatException e) {
      return Optional.empty(); // a broken profile costs the colours, not the picture, as in viewers
    }
  }

  private static byte[] inflate(byte[] chunk, int from) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(chunk, from, chunk.length - from);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new DataFormatException("truncated profile");
        }
        out.write(buffer, 0, n);
        if (out.size() > MAX_PROFILE_BYTES) {
          throw new DataFormatException("profile too large");
        }
      }
      return out.toByteArray();
    } finally {
      inflater.end();
    }
  }

  private static BufferedImage convert(BufferedImage decoded, ICC_Profile profile) {
    BufferedImage rgb = ImageDecoder.toRgb(decoded);
    int width = rgb.getWidth();
    int height = rgb.getHeight();
    WritableRaster source = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 3, null);
    int[] pixels = rgb.getRGB(0, 0, width, height, null, 0, width);
    byte[] samples = new byte[pixels.length * 3];
    for (int i = 0; i < pixels.length; i++) {
      samples[3 * i] = (byte) (pixels[i] >> 16);
      samples[3 * i + 1] = (byte) (pixels[i] >> 8);
      samples[3 * i + 2] = (byte) pixels[i];
    }
    source.setDataElements(0, 0, width, height, samples);
    WritableRaster target = source.createCompatibleWritableRaster();
    new ColorConvertOp(new ICC_ColorSpace(profile), ColorSpace.getInstance(ColorSpace.CS_sRGB), null)
        .filter(source, target);
    byte[] converted = (byte[]) target.getDataElements(0, 0, width, height, null);
    BufferedImage srgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (converted[3 * i] & 0xFF) << 16 | (converted[3 * i + 1] & 0xFF) << 8 | (converted[3 * i + 2] & 0xFF);
    }
    srgb.setRGB(0, 0, width, height, pixels, 0, width);
    return srgb;
  }
}
