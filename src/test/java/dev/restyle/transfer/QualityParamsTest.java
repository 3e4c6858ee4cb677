package dev.restyle.transfer;

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
    assertThat(defaults.styleBlend()).containsExactly(1.0);
    assertThat(defaults.preserveColors()).isEqualTo("none");
    assertThat(defaults.scaleLadder()).containsExactly(512);
    assertThat(defaults.scaleSplit()).containsExactly(1.0);
    assertThat(defaults.tile()).isZero();
    assertThat(defaults.tileOverlap()).isEqualTo(32);
    assertThat(defaults.effective()).containsEntry("style_blend", List.of(1.0))
        .containsEntry("preserve_colors", "none").containsEntry("scales", List.of())
        .containsEntry("scale_split", List.of(1.0)).containsEntry("tile", 0L).containsEntry("tile_overlap", 32L);
  }

  @Test
  void givenValuesAreParsedAndRecorded() {
    StyleParams params = StyleParams.of(Map.of("--style-blend", "0.7, 0.3", "preserve_colors", "LUMINANCE",
        "size", "256", "scales", "64,128,256", "scale_split", "2,1,1", "tile", "128", "tile_overlap", "16"));
    assertThat(params.styleBlend()).containsExactly(0.7, 0.3);
    assertThat(params.preserveColors()).isEqualTo("luminance");
    assertThat(params.scaleLadder()).containsExactly(64, 128, 256); // a trailing size is the last scale
    assertThat(params.effective()).containsEntry("scales", List.of(64L, 128L, 256L)).containsEntry("tile", 128L);
  }

  @Test
  void invalidValuesNameTheFlagTheValueAndTheRange() {
    assertThatThrownBy(() -> StyleParams.of(Map.of("preserve_colors", "yes")))
        .hasMessage("--preserve-colors 'yes' is invalid; allowed: none | post | luminance");
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
    assertThat(StyleParams.of(Map.of("tile_overlap", "500")).tile()).isZero();
  }
}
