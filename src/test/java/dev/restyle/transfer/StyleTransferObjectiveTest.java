package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import dev.restyle.testing.SeededModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the objective assembles its terms: the weighted total, and TV out of the graph at weight 0. */
class StyleTransferObjectiveTest {

  private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(2, "relu5_1");

  private static NDManager pair;
  private static NDArray contentTarget;
  private static StyleTargets styleTargets;
  private static NDArray image;

  @BeforeAll
  static void load() {
    Vgg19 model = seeded.model();
    pair = NDManager.newBaseManager(Device.cpu());
    contentTarget = StyleTransferObjective.contentTarget(model, pair.randomUniform(0, 1, new Shape(1, 3, 32, 32)),
        "relu4_2", pair);
    styleTargets = StyleTargets.compute(model, pair.randomUniform(0, 1, new Shape(1, 3, 32, 32)), STYLE_LAYERS, pair);
    image = pair.randomUniform(0, 1, new Shape(1, 3, 32, 32));
  }

  @AfterAll
  static void close() {
    pair.close();
  }

  @Test
  void atTvWeightZeroTvIsStillReportedAndTheTotalIsContentAndStyle() {
    try (NDManager scope = pair.newSubManager()) {
      LossValues values = objective(0).evaluate(image, scope).terms().values();

      assertThat(values.tv()).isEqualTo(TotalVariationLoss.of(image).getFloat()).isGreaterThan(0);
      assertThat(values.total()).isCloseTo(2 * values.content() + 1e5 * values.style(),
          within(1e-6 * values.total()));
    }
  }

  @Test
  void aPositiveTvWeightEntersTheTotalAndTheGradient() {
    double tvWeight = 50;
    try (NDManager scope = pair.newSubManager()) {
      Evaluation without = objective(0).evaluate(image, scope);
      Evaluation with = objective(tvWeight).evaluate(image, scope);
      LossValues values = with.terms().values();

      assertThat(values.total()).isCloseTo(2 * values.content() + 1e5 * values.style() + tvWeight * values.tv(),
          within(1e-6 * values.total()));
      // the difference of the two gradients is tvWeight · ∇TV, computed on its own
      NDArray leaf = Autograd.leafOf(image, scope);
      NDArray tv = Autograd.withGradMode(true, () -> TotalVariationLoss.of(leaf));
      NDArray expected = Autograd.gradient(tv, leaf).mul(tvWeight);
      NDArray difference = with.gradient().sub(without.gradient());
      double error = difference.sub(expected).abs().max().getFloat();
      assertThat(error).isLessThanOrEqualTo(1e-3 * expected.abs().max().getFloat());
    }
  }

  private static StyleTransferObjective objective(double tvWeight) {
    Map<String, Double> layerWeights = new LinkedHashMap<>();
    STYLE_LAYERS.forEach(layer -> layerWeights.put(layer, 1.0));
    return new StyleTransferObjective(seeded.model(), "relu4_2", contentTarget, styleTargets, layerWeights,
        new LossWeights(2, 1e5, tvWeight));
  }
}
