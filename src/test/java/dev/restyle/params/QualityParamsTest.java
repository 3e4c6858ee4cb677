package dev.restyle.params;

import static dev.restyle.params.StyleParamTable.STYLE_BLEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parameters of issue 7: defaults, validation messages, and what params_json records. */
class QualityParamsTest {

  @Test
  void defaultsLeaveEveryFeatureOff() {
    StyleParams defaults = StyleParams.defaults();
    assertThat(defaults.get(STYLE_BLEND)).containsExactly(1.0);
    assertThat(defaults.preserveColors()).isEqualTo(PreserveColors.NONE);
    assertThat(defaults.schedule().scaleLadder()).containsExactly(512);
    assertThat(defaults.schedule().scaleSplit()).containsExactly(1.0);
    assertThat(defaults.tiling().tile()).isZero();
    assertThat(defaults.tiling().enabled()).isFalse();
    assertThat(defaults.tiling().overlap()).isEqualTo(32);
    assertThat(defaults.effective()).containsEntry("style_blend", List.of(1.0))
        .containsEntry("preserve_colors", "none").containsEntry("scales", List.of())
        .containsEntry("scale_split", List.of(1.0)).containsEntry("tile", 0).containsEntry("tile_overlap", 32);
  }

  @Test
  void givenValuesAreParsedAndRecorded() {
    StyleParams params = StyleParams.of(Map.of("--style-blend", "0.7, 0.3", "preserve_colors", "LUMINANCE",
        "size", "256", "scales", "64,128,256", "scale_split", "2,1,1", "tile", "128", "tile_overlap", "16"));
    assertThat(params.get(STYLE_BLEND)).containsExactly(0.7, 0.3);
    assertThat(params.preserveColors()).isEqualTo(PreserveColors.LUMINANCE);
    assertThat(params.schedule().scaleLadder()).containsExactly(64, 128, 256); // a trailing size is the last scale
    assertThat(params.tiling()).isEqualTo(new StyleParams.Tiling(128, 16));
    assertThat(params.effective()).containsEntry("scales", List.of(64, 128, 256)).containsEntry("tile", 128);
  }

  @Test
  void invalidValuesNameTheFlagTheValueAndTheRange() {
    assertThatThrownBy(() -> StyleParams.of(Map.of("preserve_colors", "yes")))
        .hasMessage("--preserve-colors 'yes' is invalid; allowed: none | post | luminance | histogram");
    assertThatThrownBy(() -> StyleParams.of(Map.of("tile", "32")))
        .hasMessage("--tile '32' is invalid; allowed: 0 (off), or 64..8192");
    assertThatThrownBy(() -> StyleParams.of(Map.of("tile", "128", "tile_overlap", "65")))
        .hasMessage("--tile-overlap '65' is invalid; allowed: 0..64 (at most tile/2, tile is 128)");
    assertThatThrownBy(() -> StyleParams.of(Map.of("tile_overlap", "-1")))
        .hasMessage("--tile-overlap '-1' is invalid; allowed: 0..4096");
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_blend", "0.5,x")))
        .hasMessageStartingWith("--style-blend '0.5,x' is invalid; allowed: one weight ≥ 0 per style image");
    assertThatThrownBy(() -> StyleParams.of(Map.of("scales", "8,64")))
        .hasMessageStartingWith("--scales '8,64' is invalid");
    // Tiling off: the overlap is not checked against a tile that is not there.
    assertThat(StyleParams.of(Map.of("tile_overlap", "500")).tiling().tile()).isZero();
  }

  @Test
  void styleBlendWeightsAreNormalizedToSumOneAndOneValueBlendsEqually() {
    assertThat(blend(List.of(0.7, 0.3)).styleBlendWeights(2)).containsExactly(0.7, 0.3);
    assertThat(blend(List.of(3.0, 1.0)).styleBlendWeights(2)).containsExactly(0.75, 0.25);
    assertThat(blend(List.of(1.0)).styleBlendWeights(4)).containsExactly(0.25, 0.25, 0.25, 0.25);
    assertThat(blend(List.of(1.0, 0.0)).styleBlendWeights(2)).containsExactly(1.0, 0.0);
    assertThatThrownBy(() -> blend(List.of(0.5, 0.3, 0.2)).styleBlendWeights(2))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--style-blend '0.5,0.3,0.2' is invalid; allowed: one weight, or 2 (one per style image)");
    // The value is named as a user would write it (ParamDef.text), so 0.0 reads 0.
    assertThatThrownBy(() -> blend(List.of(0.0, 0.0)).styleBlendWeights(2))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--style-blend '0,0' is invalid; allowed: weights ≥ 0 with a sum > 0");
    assertThatThrownBy(() -> blend(List.of(1.0, 2.0)).styleBlendWeights(3))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--style-blend '1,2' is invalid; allowed: one weight, or 3 (one per style image)");
    assertThat(blend(List.of(1.0, 2.0)).styleBlendWeights(2)).containsExactly(1.0 / 3, 2.0 / 3);
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_blend", "1,-1")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessageContaining("--style-blend '1,-1' is invalid");
  }

  private static StyleParams blend(List<Double> weights) {
    return StyleParams.builder().set(STYLE_BLEND, weights).build();
  }
}
