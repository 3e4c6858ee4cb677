package dev.restyle.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The network's minimum: after resizing to the longest side, the shorter side must be at least 16 px. */
class ImageResizerMinimumSizeTest {

  @Test
  void aThinStripIsRefusedWithTheSizeItWouldHave() {
    ImageException e = catchThrowableOfType(ImageException.class,
        () -> ImageResizer.forNetwork(new BufferedImage(2000, 1, BufferedImage.TYPE_INT_RGB), 512, "strip.png"));
    assertThat(e.reason()).isEqualTo(ImageException.Reason.TOO_SMALL);
    assertThat(e).hasMessage("strip.png is 2000 × 1; after resizing to 512 px the image is 512 × 1; "
        + "the shorter side must be at least 16 px (VGG19 halves it 4 times)");
  }

  @Test
  void theBoundaryIsSixteenPixels() {
    // 1000 px → 512: 32 px → 16.4 → 16 (fine), 30 px → 15.4 → 15 (refused).
    BufferedImage ok = ImageResizer.forNetwork(new BufferedImage(32, 1000, BufferedImage.TYPE_INT_RGB), 512, "ok");
    assertThat(ok.getWidth()).isEqualTo(16);
    assertThat(ok.getHeight()).isEqualTo(512);
    ImageException e = catchThrowableOfType(ImageException.class,
        () -> ImageResizer.forNetwork(new BufferedImage(30, 1000, BufferedImage.TYPE_INT_RGB), 512, "thin"));
    assertThat(e).hasMessageContaining("after resizing to 512 px the image is 15 × 512");
  }

  @Test
  void aTinyImageOfOrdinaryShapeIsUpscaled() {
    BufferedImage dot = ImageResizer.forNetwork(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), 32, "dot");
    assertThat(dot.getWidth()).isEqualTo(32);
    assertThat(dot.getHeight()).isEqualTo(32);
  }

  @Test
  void aSmallLongestSideIsRefusedEvenForASquare() {
    // A style at style_scale 0.1 of size 32 would be 3 px.
    ImageException e = catchThrowableOfType(ImageException.class,
        () -> ImageResizer.forNetwork(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), 3, "style.png"));
    assertThat(e).hasMessageContaining("after resizing to 3 px the image is 3 × 3");
  }

  @Test
  void toLongestSideHasNoMinimum() {
    BufferedImage strip = ImageResizer.toLongestSide(new BufferedImage(2000, 1, BufferedImage.TYPE_INT_RGB), 512);
    assertThat(strip.getWidth()).isEqualTo(512);
    assertThat(strip.getHeight()).isEqualTo(1);
  }
}
