package dev.restyle.image;

import static dev.restyle.testing.Pictures.psnr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A 48-megapixel photo shown at 512 px is decoded at a reduced scale and looks the same as a full decode. */
class LargePhotoDecodeTest {

  @Test
  void decodedSmallAndResizedItMatchesTheFullDecodeAbove40Db() throws IOException {
    byte[] jpeg = Files.readAllBytes(Fixtures.photo("large-48mp.jpg"));

    BufferedImage reduced = ImageDecoder.decodeOriented(jpeg, "large", ImageLimits.DEFAULT, 512).image();
    BufferedImage full = ImageDecoder.decode(jpeg, "large", ImageLimits.DEFAULT);

    assertThat(full.getWidth()).isEqualTo(8000);
    assertThat(reduced.getWidth()).as("every 3rd pixel: at least 4 decoded per shown").isEqualTo(2667);
    double psnr = psnr(ImageResizer.forNetwork(reduced, 512, "large"), ImageResizer.forNetwork(full, 512, "large"));
    assertThat(psnr).isGreaterThanOrEqualTo(40.0);
  }

  @Test
  void smallAndThinPicturesAreDecodedWhole() {
    assertThat(DecodeScale.step(8000, 6000, ImageDecoder.FULL_SIZE)).isEqualTo(1);
    assertThat(DecodeScale.step(8000, 6000, 512)).isEqualTo(3);
    assertThat(DecodeScale.step(4000, 3000, 512)).isEqualTo(1); // under 4 pixels decoded per pixel shown
    assertThat(DecodeScale.step(2000, 1, 32)).isEqualTo(1); // a strip keeps its true size for the limits
    assertThat(DecodeScale.step(8000, 600, 64)).isEqualTo(2); // the short side stays at least 256
  }

}
