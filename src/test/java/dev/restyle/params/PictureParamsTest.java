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
}
