package dev.restyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ColorTransferBasis;
import dev.restyle.params.InitImage;
import dev.restyle.params.PreserveColors;
import dev.restyle.params.StyleParams;
import org.junit.jupiter.api.Test;

/** The flags of issue 16 items 4, 5 and 7 on restyle run (and spark-submit's entry point), parsed. */
class RunPictureFlagsTest {

  @Test
  void theJobTakesEachFeatureAsAFlag() {
    StyleParams params = RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth",
        "--preserve-colors", "histogram", "--color-transfer", "sym", "--init-image", "s3a://b/start.png",
        "--save-every", "25"}).params();
    assertThat(params.preserveColors()).isEqualTo(PreserveColors.HISTOGRAM);
    assertThat(params.colorTransfer()).isEqualTo(ColorTransferBasis.SYM);
    assertThat(params.init()).isEqualTo(InitImage.IMAGE);
    assertThat(params.initUri()).isEqualTo("s3a://b/start.png");
    assertThat(params.saveEvery()).isEqualTo(25);

    // The control: without them, the defaults.
    StyleParams plain = RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth"})
        .params();
    assertThat(plain.preserveColors()).isEqualTo(PreserveColors.NONE);
    assertThat(plain.init()).isEqualTo(InitImage.CONTENT);
    assertThat(plain.initUri()).isEmpty();
    assertThat(plain.saveEvery()).isZero();
  }
}
