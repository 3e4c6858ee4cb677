package dev.restyle.params;

import static dev.restyle.params.StyleParamTable.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.image.ColorTransferBasis;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parameters of issue 16 items 4, 5 and 7: colour histogram matching, a starting picture of the user's
 * own and intermediate images. Each was added after params_hash values were first written, so each is left
 * out of params_json at its default (the demo's parameters keep the hash earlier versions wrote).
 */
class PictureParamsTest {

  private static final String DEMO_HASH = "15040e192b7e57cf";
  private static final StyleParams DEMO = StyleParams.builder().set(SIZE, 128).set(ITERATIONS, 60).build();

  @Test
  void colorTransferIsLeftOutAtItsDefaultAndRecordedOtherwise() {
    StyleParams histogram = DEMO.with(Map.of("preserve_colors", "histogram"));
    assertThat(histogram.preserveColors()).isEqualTo(PreserveColors.HISTOGRAM);
    assertThat(histogram.colorTransfer()).isEqualTo(ColorTransferBasis.PCA);
    assertThat(histogram.effectiveJson()).contains("\"preserve_colors\":\"histogram\"").doesNotContain("color_transfer");
    assertThat(ParamsJson.hash(DEMO.with(Map.of("color_transfer", "pca")).effectiveJson())).isEqualTo(DEMO_HASH);

    StyleParams sym = histogram.with(Map.of("--color-transfer", "SYM"));
    assertThat(sym.effectiveJson()).contains("\"color_transfer\":\"sym\"");
    assertThat(StyleParams.fromJson(sym.effectiveJson()).colorTransfer()).isEqualTo(ColorTransferBasis.SYM);
    assertThat(ParamsJson.hash(sym.effectiveJson())).isNotEqualTo(ParamsJson.hash(histogram.effectiveJson()));
    assertThatThrownBy(() -> DEMO.with(Map.of("color_transfer", "lab")))
        .hasMessage("--color-transfer 'lab' is invalid; allowed: pca | chol | sym");
  }

  @Test
  void anInitImageImpliesInitImageAndIsRecordedWithIt() {
    StyleParams given = DEMO.with(Map.of("--init-image", "s3a://bucket/starts/My Start.png"));
    assertThat(given.init()).isEqualTo(InitImage.IMAGE);
    assertThat(given.initUri()).isEqualTo("s3a://bucket/starts/My Start.png");
    assertThat(given.effectiveJson()).contains("\"init\":\"image\"")
        .contains("\"init_uri\":\"s3a://bucket/starts/My Start.png\"");
    assertThat(StyleParams.fromJson(given.effectiveJson()).effectiveJson()).isEqualTo(given.effectiveJson());
    // Given together, or as a manifest column over the job's flag.
    assertThat(DEMO.with(Map.of("init", "image", "init_uri", "a.png")).initUri()).isEqualTo("a.png");
    assertThat(given.with(Map.of("init_uri", "b.png")).initUri()).isEqualTo("b.png");

    // Left out at its default, so the demo keeps its hash; the control: an init image changes it.
    assertThat(DEMO.initUri()).isEmpty();
    assertThat(DEMO.init()).isEqualTo(InitImage.CONTENT);
    assertThat(DEMO.effectiveJson()).doesNotContain("init_uri");
    assertThat(ParamsJson.hash(DEMO.with(Map.of("init_uri", "none")).effectiveJson())).isEqualTo(DEMO_HASH);
    assertThat(ParamsJson.hash(given.effectiveJson())).isNotEqualTo(DEMO_HASH);
    // A row that clears the job's init image starts from the content again.
    assertThat(given.with(Map.of("init_uri", "none")).init()).isEqualTo(InitImage.CONTENT);
  }

  @Test
  void initImageWithoutAPictureOrAPictureWithAnotherInitIsInvalid() {
    assertThatThrownBy(() -> DEMO.with(Map.of("init", "image")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--init 'image' is invalid; allowed: image only with --init-image URI (manifest column "
            + "init_uri), the picture to start from");
    assertThatThrownBy(() -> DEMO.with(Map.of("init", "noise", "init_uri", "a.png")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--init-image 'a.png' is invalid; allowed: a picture to start from, with --init image or no "
            + "--init (it is noise here)");
    // The job's --init noise with a row's init_uri clashes too: the pair would not start where either says.
    assertThatThrownBy(() -> DEMO.with(Map.of("init", "noise")).with(Map.of("init_uri", "a.png")))
        .isInstanceOf(InvalidParamException.class);
  }

  @Test
  void saveEveryIsLeftOutAtZeroAndRecordedOtherwise() {
    assertThat(DEMO.saveEvery()).isZero();
    assertThat(DEMO.effectiveJson()).doesNotContain("save_every");
    assertThat(ParamsJson.hash(DEMO.with(Map.of("save_every", "0")).effectiveJson())).isEqualTo(DEMO_HASH);
    StyleParams every50 = DEMO.with(Map.of("--save-every", "50"));
    assertThat(every50.saveEvery()).isEqualTo(50);
    assertThat(every50.effectiveJson()).contains("\"save_every\":50");
    assertThat(StyleParams.fromJson(every50.effectiveJson()).saveEvery()).isEqualTo(50);
    assertThatThrownBy(() -> DEMO.with(Map.of("save_every", "-1")))
        .hasMessage("--save-every '-1' is invalid; allowed: 0..100000");
  }
}
