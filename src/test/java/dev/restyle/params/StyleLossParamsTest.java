package dev.restyle.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** style_loss: gram by default and then absent from params_json; wasserstein recorded; not with masks. */
class StyleLossParamsTest {

  @Test
  void gramIsTheDefaultAndStaysOutOfParamsJson() {
    StyleParams defaults = StyleParams.defaults();
    assertThat(defaults.styleLoss()).isEqualTo(StyleDistance.GRAM);
    assertThat(defaults.effectiveJson()).doesNotContain("style_loss");
    assertThat(StyleParams.of(Map.of("--style-loss", "gram")).effectiveJson()).isEqualTo(defaults.effectiveJson());
  }

  @Test
  void wassersteinIsRecordedAndReadBack() {
    StyleParams w2 = StyleParams.of(Map.of("--style-loss", "Wasserstein"));
    assertThat(w2.styleLoss()).isEqualTo(StyleDistance.WASSERSTEIN);
    assertThat(w2.effectiveJson()).contains("\"style_loss\":\"wasserstein\"");
    assertThat(StyleParams.fromJson(w2.effectiveJson()).styleLoss()).isEqualTo(StyleDistance.WASSERSTEIN);
    assertThat(ParamsJson.hash(w2.effectiveJson())).isNotEqualTo(ParamsJson.hash(StyleParams.defaults().effectiveJson()));
  }

  @Test
  void anUnknownLossAndMasksWithWassersteinAreRefused() {
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_loss", "sliced")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--style-loss 'sliced' is invalid; allowed: gram | wasserstein");
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_loss", "wasserstein", "style_mask_uri", "m.png")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--style-mask 'm.png' is invalid; allowed: no masks with --style-loss wasserstein (masks weight "
            + "Gram matrices; use --style-loss gram)");
    // the control: masks with the default loss are fine
    assertThat(StyleParams.of(Map.of("style_mask_uri", "m.png")).styleMaskUris(1)).containsExactly("m.png");
  }
}
