package dev.restyle.transfer;

import static dev.restyle.transfer.QualityFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageException;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.ImageTensors;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.support.ErrorClass;
import dev.restyle.testing.SeededModel;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * init image through PairOptimizer (48 × 36 output, 3 L-BFGS iterations, seeded weights): the optimization
 * starts from the given picture, resized to the output's size, with the content start as the control.
 */
class InitPictureTest {

  private static final int SIZE = 48;
  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  /** A 200 × 100 picture (another aspect than the 256 × 256 content): it is stretched to the output. */
  private static final byte[] START = QualityFixtures.png(ImageResizer.toSize(
      decode(QualityFixtures.sample("content/house_by_lake.png")), 200, 100));

  @Test
  void theFirstRecordedLossIsTheLossOfTheGivenPictureResizedToTheOutput() {
    StyleParams params = params().with(Map.of("init_uri", "start.png"));
    PairResult fromPicture = optimize(QualityFixtures.samplePair().withInit("start.png", START), params);
    PairResult fromContent = optimize(QualityFixtures.samplePair(), params());

    try (NDManager pair = NDManager.newBaseManager(seeded.model().device());
        ScaleStage stage = QualityFixtures.stage(seeded.model(), QualityFixtures.samplePair(), params, SIZE, pair)) {
      BufferedImage resized = ImageResizer.toSize(decode(START), stage.width(), stage.height());
      NDArray start = ImageTensors.toTensor(resized, pair);
      double expected = stage.objective().measure(start).total();
      assertThat(fromPicture.initial().total()).isCloseTo(expected, withinPercentage(1e-4));
      // The control: starting from the content is another loss, and another picture.
      assertThat(fromContent.initial().total()).isNotCloseTo(expected, withinPercentage(10));
    }
    assertThat(fromPicture.width()).isEqualTo(fromContent.width());
    assertThat(fromPicture.height()).isEqualTo(fromContent.height());
    assertThat(meanAbsoluteDifference(decode(fromPicture.image()), decode(fromContent.image()))).isGreaterThan(0.02);
  }

  @Test
  void aCorruptInitPictureFailsAsUndecodableAndNamesIt() {
    byte[] truncated = Arrays.copyOf(START, START.length / 2);
    StyleParams params = params().with(Map.of("init_uri", "broken.png"));
    assertThatThrownBy(() -> optimize(QualityFixtures.samplePair().withInit("broken.png", truncated), params))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("init image broken.png")
        .satisfies(e -> assertThat(ErrorClass.of(e)).isEqualTo(ErrorClass.INPUT_UNDECODABLE));
  }

  private static PairResult optimize(PairInput input, StyleParams params) {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(input, params, ProgressListener.NONE);
  }

  private static StyleParams params() {
    return StyleParams.builder().set(StyleParamTable.SIZE, SIZE).set(StyleParamTable.ITERATIONS, 3).build();
  }

  private static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    float[] x = ImageTensors.toChw(a);
    float[] y = ImageTensors.toChw(b);
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.abs(x[i] - y[i]);
    }
    return sum / x.length;
  }
}
