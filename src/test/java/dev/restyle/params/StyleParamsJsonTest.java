package dev.restyle.params;

import static dev.restyle.params.StyleParamTable.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageFormat;
import dev.restyle.model.Pooling;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON forms of parameters: what params_json records, and what travels to executors. */
class StyleParamsJsonTest {

  private static final StyleParams EVERY_KIND = StyleParams.builder()
      .set(SIZE, 256).set(STYLE_WEIGHT, 2.5e5).set(OPTIMIZER, Optimizer.ADAM).set(POOLING, Pooling.AVG)
      .set(STYLE_LAYERS, List.of("relu1_1", "relu3_1")).set(STYLE_LAYER_WEIGHTS, List.of(1.0, 0.5))
      .set(SCALES, List.of(64, 128)).set(TILE, 128).set(SEED, 1L << 40).set(OUTPUT_FORMAT, ImageFormat.JPEG)
      .set(PRESERVE_COLORS, PreserveColors.LUMINANCE).set(TOLERANCE_GRAD, 1e-7).set(PIXEL_RANGE, PixelRange.SIGMOID)
      .build();

  @Test
  void theEffectiveJsonIsCanonicalAndResolvesAuto() {
    String json = StyleParams.builder().set(SIZE, 64).build().effectiveJson();

    assertThat(json).startsWith("{\"adam_beta1\":0.9,\"adam_beta2\":0.999,\"content_layer\":\"relu4_2\",")
        .contains("\"learning_rate\":1.0,").contains("\"optimizer\":\"lbfgs\",").contains("\"scales\":[],")
        .contains("\"size\":64,").contains("\"style_layer_weights\":[1.0],").contains("\"style_weight\":1000000.0,")
        .contains("\"tile\":0,").endsWith("\"tv_weight\":0.0}");
    assertThat(StyleParams.of(Map.of("size", "64")).effectiveJson()).isEqualTo(json);
  }

  @Test
  void theHashOfGivenParametersIsTheOneEarlierVersionsWrote() {
    // --skip-done matches (pair_id, params_hash) against rows written by any earlier version: the demo's
    // parameters (size 128, 60 iterations) hashed to this in the metrics of the version before this layout.
    StyleParams demo = StyleParams.builder().set(SIZE, 128).set(ITERATIONS, 60).build();
    assertThat(ParamsJson.hash(demo.effectiveJson())).isEqualTo("15040e192b7e57cf");
  }

  @Test
  void pixelRangeIsRecordedWhenItIsNotTheDefaultAndReadsBack() {
    StyleParams clamped = StyleParams.of(Map.of("pixel_range", "clamp_at_end"));
    assertThat(clamped.effectiveJson()).contains("\"pixel_range\":\"clamp_at_end\"");
    assertThat(StyleParams.fromJson(clamped.effectiveJson()).pixelRange()).isEqualTo(PixelRange.CLAMP_AT_END);
    assertThat(StyleParams.fromJson(clamped.effectiveJson()).effectiveJson()).isEqualTo(clamped.effectiveJson());

    // The default, project, is left out, given or not, so the JSON (and params_hash, and the generated pair
    // ids) of the parameters earlier versions recorded stay what they were.
    StyleParams demo = StyleParams.builder().set(SIZE, 128).set(ITERATIONS, 60).build();
    StyleParams demoProjected = StyleParams.builder().set(SIZE, 128).set(ITERATIONS, 60)
        .set(PIXEL_RANGE, PixelRange.PROJECT).build();
    assertThat(demo.pixelRange()).isEqualTo(PixelRange.PROJECT);
    assertThat(demo.effectiveJson()).doesNotContain("pixel_range").isEqualTo(demoProjected.effectiveJson());
    assertThat(ParamsJson.hash(demoProjected.effectiveJson())).isEqualTo("15040e192b7e57cf");
    assertThat(StyleParams.fromJson(demo.effectiveJson()).pixelRange()).isEqualTo(PixelRange.PROJECT);
    // The control: another value changes the hash.
    assertThat(ParamsJson.hash(demo.with(Map.of("pixel_range", "sigmoid")).effectiveJson()))
        .isNotEqualTo("15040e192b7e57cf");
  }

  @Test
  void theEffectiveJsonReadsBackToTheSameParameters() {
    StyleParams fromEffective = StyleParams.fromJson(EVERY_KIND.effectiveJson());
    assertThat(fromEffective.effectiveJson()).isEqualTo(EVERY_KIND.effectiveJson());
    assertThat(fromEffective.optimizer()).isEqualTo(EVERY_KIND.optimizer());
  }

  @Test
  void autoSurvivesTheTripSoAnOverrideOfTheOptimizerStillPicksItsOwnRate() throws Exception {
    StyleParams job = StyleParams.defaults(); // L-BFGS, learning_rate auto (1.0)
    StyleParams shipped = roundTrip(job);

    assertThat(shipped).isEqualTo(job);
    assertThat(shipped.with(Map.of("optimizer", "adam")).optimizer().learningRate()).isEqualTo(0.02);
    // The control: a rate fixed by the effective form stays fixed.
    assertThat(StyleParams.fromJson(job.effectiveJson()).with(Map.of("optimizer", "adam")).optimizer()
        .learningRate()).isEqualTo(1.0);
  }

  @Test
  void javaSerializationCarriesTheGivenText() throws Exception {
    StyleParams given = StyleParams.of(java.util.Map.of("style_blend", "0.5, 0.5", "size", "0064"));
    StyleParams shipped = roundTrip(given);

    assertThat(roundTrip(EVERY_KIND)).isEqualTo(EVERY_KIND).isNotSameAs(EVERY_KIND);
    assertThat(shipped).isEqualTo(given);
    assertThat(shipped.given()).isEqualTo(given.given()).containsEntry("style_blend", "0.5, 0.5");
  }

  @Test
  void messagesQuoteTheValueAsTheUserWroteIt() {
    StyleParams params = StyleParams.of(java.util.Map.of("style_blend", "0.5, 0.5"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> params.styleBlendWeights(3))
        .hasMessage("--style-blend '0.5, 0.5' is invalid; allowed: one weight, or 3 (one per style image)");
  }

  @Test
  void theGroupedViewsAreTyped() {
    assertThat(EVERY_KIND.optimizer()).isEqualTo(new OptimizerSettings.Adam(0.02, 0.9, 0.999, 0, 0.5));
    assertThat(EVERY_KIND.schedule().scaleLadder()).containsExactly(64, 128, 256);
    assertThat(EVERY_KIND.losses().styleLayerWeights()).containsExactly(Map.entry("relu1_1", 1.0),
        Map.entry("relu3_1", 0.5));
    assertThat(EVERY_KIND.losses().deepestLayer().name()).isEqualTo("relu4_2");
    assertThat(EVERY_KIND.tiling()).isEqualTo(new StyleParams.Tiling(128, 32));
    assertThat(StyleParams.defaults().optimizer()).isEqualTo(
        new OptimizerSettings.Lbfgs(1.0, 100, 1e-7, 1e-9, LineSearch.NONE));
  }

  private static StyleParams roundTrip(StyleParams params) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(params);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (StyleParams) in.readObject();
    }
  }
}
