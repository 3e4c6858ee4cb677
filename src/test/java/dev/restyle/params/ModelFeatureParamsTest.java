package dev.restyle.params;

import static dev.restyle.params.StyleParamTable.AVERAGE_DECAY;
import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.NORMALIZE_GRADIENTS;
import static dev.restyle.params.StyleParamTable.PRECISION;
import static dev.restyle.params.StyleParamTable.PREPROCESSING;
import static dev.restyle.params.StyleParamTable.SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.model.Precision;
import dev.restyle.model.Preprocessing;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * preprocessing, precision, normalize_gradients and average_decay in params_json: absent at their defaults (so the hash
 * the demo's parameters have had since it was first pinned stays), present and read back otherwise.
 */
class ModelFeatureParamsTest {

  private static final String CAFFE_ID = "sha256:" + Preprocessing.CAFFE_VGG19_SHA256_PREFIX + "0".repeat(56);
  private static final String TORCHVISION_ID = "sha256:dcbb9e9d" + "0".repeat(56);
  private static final String DEMO_HASH = "15040e192b7e57cf"; // StyleParamsJsonTest pins it too

  private static StyleParams.Builder demo() {
    return StyleParams.builder().set(SIZE, 128).set(ITERATIONS, 60);
  }

  @Test
  void atTheirDefaultsTheNewParametersLeaveParamsJsonAsItWas() {
    StyleParams given = demo().set(NORMALIZE_GRADIENTS, false).set(AVERAGE_DECAY, 0.0)
        .set(PREPROCESSING, Preprocessing.TORCHVISION).set(PRECISION, Precision.FP32).build();
    for (StyleParams same : new StyleParams[] {demo().build(), given, demo().build().forWeights(TORCHVISION_ID),
        demo().build().forWeights("untrained:seed=0"), given.forWeights(CAFFE_ID)}) {
      assertThat(same.effectiveJson()).doesNotContain("preprocessing", "normalize_gradients", "average_decay",
          "precision");
      assertThat(ParamsJson.hash(same.effectiveJson())).isEqualTo(DEMO_HASH);
    }
  }

  @Test
  void offTheirDefaultsTheyAreRecordedAndReadBack() {
    StyleParams changed = demo().set(NORMALIZE_GRADIENTS, true).set(AVERAGE_DECAY, 0.9)
        .set(PREPROCESSING, Preprocessing.CAFFE).set(PRECISION, Precision.BF16).build();
    assertThat(changed.effectiveJson()).contains("\"normalize_gradients\":true", "\"average_decay\":0.9",
        "\"preprocessing\":\"caffe\"", "\"precision\":\"bf16\"");
    StyleParams back = StyleParams.fromJson(changed.effectiveJson());
    assertThat(back.losses().weights().normalizeGradients()).isTrue();
    assertThat(back.averageDecay()).isEqualTo(0.9);
    assertThat(back.preprocessing()).isEqualTo(Preprocessing.CAFFE);
    assertThat(back.precision()).isEqualTo(Precision.BF16);
    assertThat(back.effectiveJson()).isEqualTo(changed.effectiveJson());
    assertThat(ParamsJson.hash(changed.effectiveJson())).isNotEqualTo(DEMO_HASH);
  }

  @Test
  void autoIsRecordedResolvedAndAbsenceReadsAsTorchvision() {
    StyleParams caffe = demo().build().forWeights(CAFFE_ID);
    assertThat(caffe.preprocessing()).isEqualTo(Preprocessing.CAFFE);
    assertThat(caffe.effectiveJson()).contains("\"preprocessing\":\"caffe\"");
    assertThat(StyleParams.fromJson(caffe.effectiveJson()).preprocessing()).isEqualTo(Preprocessing.CAFFE);

    // torchvision forced on the Caffe file is left out, and a JSON without the key reads as torchvision, not
    // auto, so an executor that resolves it with the Caffe file still runs torchvision.
    StyleParams forced = demo().set(PREPROCESSING, Preprocessing.TORCHVISION).build().forWeights(CAFFE_ID);
    assertThat(forced.effectiveJson()).doesNotContain("preprocessing");
    assertThat(StyleParams.fromJson(forced.effectiveJson()).preprocessing()).isEqualTo(Preprocessing.TORCHVISION);
    assertThat(StyleParams.fromJson(forced.effectiveJson()).preprocessing().resolve(CAFFE_ID))
        .isEqualTo(Preprocessing.TORCHVISION);
    // Flags and manifest cells, unlike params_json, start from auto.
    assertThat(StyleParams.defaults().preprocessing()).isEqualTo(Preprocessing.AUTO);
  }

  @Test
  void badValuesAreRefusedNamingTheFlag() {
    assertThat(StyleParams.of(Map.of("normalize_gradients", "TRUE")).losses().weights().normalizeGradients())
        .isTrue();
    assertThatThrownBy(() -> StyleParams.of(Map.of("normalize_gradients", "yes")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--normalize-gradients 'yes' is invalid; allowed: true | false");
    assertThatThrownBy(() -> StyleParams.of(Map.of("average_decay", "1")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--average-decay '1' is invalid; allowed: 0..0.9999");
    assertThatThrownBy(() -> StyleParams.of(Map.of("preprocessing", "bgr")))
        .isInstanceOf(InvalidParamException.class)
        .hasMessage("--preprocessing 'bgr' is invalid; allowed: auto | caffe | torchvision");
  }
}
