package dev.restyle.image;

import static dev.restyle.testing.Pictures.maxDifference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.support.ErrorClass;
import dev.restyle.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Photos as Pillow writes them the way cameras and phones do (make_photo_fixtures.py): each must decode
 * to the picture every viewer shows, {@code upright.png}, pixel for pixel within JPEG's error.
 */
class PhotoInputsTest {

  /** JPEG at quality 95 without chroma subsampling over flat colour blocks: far below a wrong quadrant (≥ 150). */
  private static final int JPEG_TOLERANCE = 12;

  @ParameterizedTest(name = "EXIF orientation {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void everyJpegOrientationDecodesUpright(int tag) throws IOException {
    DecodedImage decoded = decode("orientation-" + tag + ".jpg");

    assertThat(decoded.orientation().tag()).isEqualTo(tag);
    assertSamePicture(decoded.image(), upright(), JPEG_TOLERANCE);
  }

  @Test
  void theStoredPixelsAreNotWhatIsShown() throws IOException {
    // The control: without the tag the stored picture of orientation 6 is lying on its side.
    BufferedImage stored = Orientation.NORMAL.upright(javax.imageio.ImageIO.read(
        Fixtures.photo("orientation-6.jpg").toFile()));
    assertThat(stored.getWidth()).isEqualTo(32);
    assertThat(stored.getHeight()).isEqualTo(48);
    assertThat(maxDifference(Orientation.ROTATE_90.upright(stored), upright())).isLessThanOrEqualTo(JPEG_TOLERANCE);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"orientation-6.png", "orientation-8.png", "orientation-6.tif"})
  void pngExifAndTiffOrientationsDecodeUpright(String file) throws IOException {
    DecodedImage decoded = decode(file);

    assertThat(decoded.orientation().tag()).isEqualTo(file.contains("-8") ? 8 : 6);
    assertSamePicture(decoded.image(), upright(), 0);
  }

  @Test
  void losslessAndLossyWebpDecode() throws IOException {
    assertSamePicture(decode("lossless.webp").image(), upright(), 0);
    assertSamePicture(decode("lossy.webp").image(), upright(), 40);
    assertThat(decode("lossy.webp").orientation()).isEqualTo(Orientation.NORMAL);
  }

  @Test
  void webpAlphaIsCompositedOverWhite() throws IOException {
    BufferedImage image = decode("alpha.webp").image();

    assertThat(image.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0xFFFFFF); // transparent: white
    assertThat(image.getRGB(40, 5) & 0xFFFFFF).isEqualTo(upright().getRGB(40, 5) & 0xFFFFFF); // opaque: kept
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"phone.heic", "phone.avif"})
  void heicAndAvifFailAsAKnownUnsupportedFormat(String file) {
    assertThatThrownBy(() -> decode(file))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining(file + " is " + (file.endsWith("heic") ? "HEIC" : "AVIF"))
        .hasMessageContaining("convert it to JPEG or PNG")
        .satisfies(e -> assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.INPUT_UNSUPPORTED_FORMAT));
  }

  @Test
  void bytesOfNoFormatStillFailAsUndecodable() {
    assertThatThrownBy(() -> ImageDecoder.decode("hello, world".getBytes(), "x.bin", ImageLimits.DEFAULT))
        .satisfies(e -> assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.INPUT_UNDECODABLE));
  }

  private static DecodedImage decode(String file) throws IOException {
    return ImageDecoder.decodeOriented(Files.readAllBytes(Fixtures.photo(file)), file, ImageLimits.DEFAULT);
  }

  private static BufferedImage upright() throws IOException {
    return javax.imageio.ImageIO.read(Fixtures.photo("upright.png").toFile());
  }

  private static void assertSamePicture(BufferedImage actual, BufferedImage expected, int tolerance) {
    assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
    assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
    assertThat(maxDifference(actual, expected)).isLessThanOrEqualTo(tolerance);
  }

}
