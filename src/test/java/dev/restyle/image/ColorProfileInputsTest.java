package dev.restyle.image;

import static dev.restyle.testing.Pictures.maxDifference;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Embedded ICC profiles are honoured in every format: the decoded picture is what a colour-managed viewer
 * shows, against LittleCMS's own conversion (Pillow's ImageCms, make_photo_fixtures.py) within 3 levels.
 */
class ColorProfileInputsTest {

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "SwappedRedAndGreen, png, 3", "SwappedRedAndGreen, tif, 3", "SwappedRedAndGreen, webp, 3",
      "SwappedRedAndGreen, jpg, 8",
      "AdobeRGB1998, png, 3", "AdobeRGB1998, tif, 3", "AdobeRGB1998, webp, 3", "AdobeRGB1998, jpg, 8",
      "ProPhotoRGB, png, 3", "ProPhotoRGB, tif, 3", "ProPhotoRGB, webp, 3", "ProPhotoRGB, jpg, 8"})
  void theProfileIsConvertedToSrgbAsLittleCmsDoes(String profile, String format, int tolerance) throws IOException {
    // JPEG gets the compression's own error on top (quality 98, no chroma subsampling).
    BufferedImage decoded = decode("profile-" + profile + "." + format);
    BufferedImage reference = ImageIO.read(Fixtures.photo("profile-" + profile + "-srgb.png").toFile());

    assertThat(maxDifference(decoded, reference)).isLessThanOrEqualTo(tolerance);
  }

  @Test
  void aRedPngTaggedSwappedRedAndGreenIsGreenAndTheUntaggedControlStaysRed() throws IOException {
    int swapped = decode("profile-SwappedRedAndGreen.png").getRGB(4, 4) & 0xFFFFFF;
    int untagged = decode("colours.png").getRGB(4, 4) & 0xFFFFFF;

    assertThat(untagged).isEqualTo(0xDC1E1E); // the stored values: red
    assertThat(swapped >> 8 & 0xFF).isGreaterThan(200); // shown green
    assertThat(swapped >> 16 & 0xFF).isLessThan(60);
  }

  @Test
  void aPngWithGammaAndPrimariesButNoProfileIsConvertedAsItsChunksSay() throws IOException {
    // gAMA 1/2.199 with Adobe RGB's cHRM is Adobe RGB (1998) without the profile: LittleCMS's conversion.
    BufferedImage adobe = ImageIO.read(Fixtures.photo("profile-AdobeRGB1998-srgb.png").toFile());
    assertThat(maxDifference(decode("gamma-adobe.png"), adobe)).isLessThanOrEqualTo(3);
    BufferedImage linear = ImageIO.read(Fixtures.photo("gamma-linear-srgb.png").toFile());
    assertThat(maxDifference(decode("gamma-linear.png"), linear)).isLessThanOrEqualTo(1);
  }

  @Test
  void anSrgbChunkWinsOverGammaAndAnUntaggedPngIsTakenAsSrgb() throws IOException {
    BufferedImage stored = ImageIO.read(Fixtures.photo("colours.png").toFile());
    assertThat(maxDifference(decode("gamma-with-srgb.png"), stored)).isZero();
    assertThat(maxDifference(decode("colours.png"), stored)).isZero();
  }

  @Test
  void outputsSayTheyAreSrgb() {
    BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    byte[] png = ImageEncoder.encode(image, ImageFormat.PNG);
    byte[] jpeg = ImageEncoder.encode(image, ImageFormat.JPEG);

    assertThat(PngStructure.chunk(png, "sRGB")).hasValueSatisfying(data -> assertThat(data).containsExactly(0));
    assertThat(new String(jpeg, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("ICC_PROFILE");
  }

  private static BufferedImage decode(String file) throws IOException {
    return ImageDecoder.decode(Files.readAllBytes(Fixtures.photo(file)), file, ImageLimits.DEFAULT);
  }

}
