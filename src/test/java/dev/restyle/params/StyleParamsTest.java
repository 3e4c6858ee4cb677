package dev.restyle.params;

import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.model.Pooling;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StyleParamsTest {

  @Test
  void defaultsFollowThePaperAndTheReferenceImplementations() {
    StyleParams defaults = StyleParams.defaults();
    assertThat(defaults.size()).isEqualTo(512);
    assertThat(defaults.iterations()).isEqualTo(500);
    assertThat(defaults.get(OPTIMIZER)).isEqualTo(Optimizer.LBFGS);
    assertThat(defaults.optimizer()).isInstanceOf(OptimizerSettings.Lbfgs.class);
    assertThat(defaults.losses().contentLayer()).isEqualTo("relu4_2");
    assertThat(defaults.losses().styleLayers())
        .containsExactly("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");
    assertThat(defaults.losses().styleLayerWeights().values()).containsOnly(1.0);
    assertThat(defaults.pooling()).isEqualTo(Pooling.MAX);
    assertThat(defaults.losses().weights()).isEqualTo(new LossWeights(1, 1e6, 0));
    assertThat(defaults.optimizer().learningRate()).isEqualTo(1.0);
    OptimizerSettings adam = StyleParams.builder().set(OPTIMIZER, Optimizer.ADAM).build().optimizer();
    assertThat(adam).isInstanceOf(OptimizerSettings.Adam.class);
    assertThat(adam.learningRate()).isEqualTo(0.02);
  }

  @Test
  void overridesWinAndAcceptFlagOrColumnNames() {
    StyleParams params = StyleParams.of(Map.of("--style-weight", "5e5", "size", "64"))
        .with(Map.of("size", "128", "style_layer_weights", "1,2,3,4,5"));
    assertThat(params.size()).isEqualTo(128);
    assertThat(params.losses().weights().style()).isEqualTo(5e5);
    assertThat(params.losses().styleLayerWeights()).containsEntry("relu5_1", 5.0).containsEntry("relu1_1", 1.0);
    assertThat(params.effective()).containsEntry("size", 128).containsEntry("learning_rate", 1.0);
  }

  @Test
  void invalidValuesNameTheFlagTheValueAndTheRange() {
    assertThatThrownBy(() -> StyleParams.of(Map.of("size", "8")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--size '8' is invalid; allowed: 16..8192");
    assertThatThrownBy(() -> StyleParams.of(Map.of("iterations", "many")))
        .hasMessage("--iterations 'many' is invalid; allowed: 1..100000");
    assertThatThrownBy(() -> StyleParams.of(Map.of("optimizer", "sgd")))
        .hasMessage("--optimizer 'sgd' is invalid; allowed: lbfgs | adam");
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_layers", "relu1_1,relu9_9")))
        .hasMessageStartingWith("--style-layers 'relu1_1,relu9_9' is invalid");
    assertThatThrownBy(() -> StyleParams.of(Map.of("style_layer_weights", "1,2")))
        .hasMessage("--style-layer-weights '1,2' is invalid; allowed: one weight, or 5 (one per style layer)");
    assertThatThrownBy(() -> StyleParams.of(Map.of("colour", "blue")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'colour'");
  }

  @Test
  void everyParameterHasAFlagADefaultThatParsesAndADescription() {
    for (ParamDef<?> def : StyleParamTable.ALL) {
      assertThat(def.flag()).startsWith("--").doesNotContain("_");
      assertThat(def.description()).isNotBlank();
      assertThat(def.parse(def.defaultText())).isNotNull().isEqualTo(def.defaultValue());
    }
    assertThat(StyleParamTable.ALL.stream().map(ParamDef::name)).doesNotHaveDuplicates();
    // Every parameter is in params_json, except those added later, which it holds only off their default.
    assertThat(List.copyOf(StyleParams.defaults().effective().keySet())).containsExactlyElementsOf(
        StyleParamTable.ALL.stream().filter(ParamDef::recordedAtDefault).map(ParamDef::name).toList());
    assertThat(StyleParamTable.ALL.stream().filter(def -> !def.recordedAtDefault()).map(ParamDef::name))
        .containsExactlyInAnyOrder("style_mask_uri", "style_loss", "preprocessing", "init_uri", "save_every",
            "normalize_gradients", "pixel_range", "average_decay", "color_transfer", "precision");
  }
}
