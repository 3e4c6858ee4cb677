package dev.restyle.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** style_mask_uri: its flag, its count against the styles, what it refuses, and its place in params_json. */
class StyleMaskParamsTest {

  @Test
  void theFlagIsStyleMaskAndTheColumnStyleMaskUri() {
    assertThat(StyleParamTable.STYLE_MASK_URI.flag()).isEqualTo("--style-mask");
    assertThat(StyleParamTable.find("--style-mask")).isSameAs(StyleParamTable.STYLE_MASK_URI);
    assertThat(StyleParamTable.find("style_mask_uri")).isSameAs(StyleParamTable.STYLE_MASK_URI);
    assertThat(StyleParams.of(Map.of("--style-mask", "a.png,b.png")).styleMaskUris(2))
        .containsExactly("a.png", "b.png");
  }

  @Test
  void paramsJsonHoldsTheMasksOnlyWhenGiven() {
    StyleParams none = StyleParams.defaults();
    StyleParams masked = StyleParams.of(Map.of("style_mask_uri", "s3a://b/left.png, s3a://b/right.png"));
    assertThat(none.effectiveJson()).doesNotContain("style_mask");
    assertThat(StyleParams.of(Map.of("style_mask_uri", "none")).effectiveJson()).isEqualTo(none.effectiveJson());
    assertThat(masked.effectiveJson()).contains("\"style_mask_uri\":[\"s3a://b/left.png\",\"s3a://b/right.png\"]");
    assertThat(StyleParams.fromJson(masked.effectiveJson()).effectiveJson()).isEqualTo(masked.effectiveJson());
    assertThat(ParamsJson.hash(masked.effectiveJson())).isNotEqualTo(ParamsJson.hash(none.effectiveJson()));
  }

  @Test
  void thereIsOneMaskPerStyleOrNone() {
    StyleParams two = StyleParams.of(Map.of("style_mask_uri", "a.png,b.png"));
    assertThat(StyleParams.defaults().styleMaskUris(3)).isEmpty();
    assertThatThrownBy(() -> two.styleMaskUris(3)).isInstanceOf(InvalidParamException.class)
        .hasMessage("--style-mask 'a.png,b.png' is invalid; allowed: 3 mask(s), one per style image");
  }

  @Test
  void masksRefuseTilesAndBlendWeights() {
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_mask_uri", "a.png", "tile", "256")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--style-mask 'a.png' is invalid; allowed: no masks with --tile 256 (style masks do not work "
            + "with tiles; use --tile 0)");
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_mask_uri", "a.png,b.png", "style_blend", "0.7,0.3")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessageContaining("no masks with --style-blend 0.7,0.3");
    // the controls: each alone is fine
    assertThat(StyleParams.of(Map.of("tile", "256")).tiling().enabled()).isTrue();
    assertThat(StyleParams.of(Map.of("style_blend", "0.7,0.3")).styleBlendWeights(2)[0]).isCloseTo(0.7, within(1e-12));
  }

  @Test
  void aMaskUriWithAControlCharacterIsRefused() {
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_mask_uri", "a.png,b\u0007.png")))
        .isInstanceOf(InvalidParamException.class).hasMessageStartingWith("--style-mask ");
    assertThat(List.of(StyleParamTable.ALL.toArray())).contains(StyleParamTable.STYLE_MASK_URI);
  }
}
