package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.LEARNING_RATE;
import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static dev.restyle.params.StyleParamTable.TILE;
import static dev.restyle.params.StyleParamTable.TILE_OVERLAP;
import static dev.restyle.params.StyleParamTable.LOG_EVERY;
import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.STYLE_LAYERS;
import static dev.restyle.params.StyleParamTable.STYLE_LOSS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageLimits;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleDistance;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * --style-loss wasserstein through PairOptimizer on a sample pair (32 px, 12 L-BFGS iterations, the first
 * three style layers to keep it quick): it optimizes (the style loss falls) and gives another picture than
 * the Gram loss from the same start.
 */
class WassersteinTransferTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu4_2");

  private static PairResult gram;
  private static PairResult wasserstein;

  @BeforeAll
  static void optimizeBothWays() {
    gram = optimize(StyleDistance.GRAM);
    wasserstein = optimize(StyleDistance.WASSERSTEIN);
  }

  @Test
  void theWassersteinStyleLossFallsOverTheOptimization() {
    List<HistoryPoint> history = wasserstein.history();
    assertThat(history.get(history.size() - 1).losses().style()).isLessThan(0.5 * history.get(0).losses().style());
    assertThat(wasserstein.last().total()).isLessThan(0.5 * wasserstein.initial().total());
  }

  @Test
  void gramAndWassersteinGiveDifferentPicturesAndLosses() {
    assertThat(wasserstein.image()).isNotEqualTo(gram.image());
    // the same start, measured two ways: the terms differ, the content term does not
    assertThat(wasserstein.initial().style()).isNotEqualTo(gram.initial().style());
    assertThat(wasserstein.initial().content()).isEqualTo(gram.initial().content());
    assertThat(gram.history().get(gram.history().size() - 1).losses().style())
        .isLessThan(0.5 * gram.history().get(0).losses().style());
  }

  /** Tiles measure each window's moments against the whole style's: it runs, and the loss falls. */
  @Test
  void wassersteinWorksTileByTile() {
    PairResult tiled = new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(QualityFixtures.samplePair(),
        builder(StyleDistance.WASSERSTEIN).set(SIZE, 96).set(ITERATIONS, 4).set(OPTIMIZER, Optimizer.ADAM)
            .set(LEARNING_RATE, java.util.OptionalDouble.of(0.05)).set(TILE, 64).set(TILE_OVERLAP, 16).build(),
        ProgressListener.NONE);
    List<HistoryPoint> history = tiled.history();
    assertThat(history.get(history.size() - 1).losses().style()).isLessThan(history.get(0).losses().style());
    assertThat(tiled.width()).isEqualTo(96);
  }

  private static PairResult optimize(StyleDistance distance) {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT)
        .optimize(QualityFixtures.samplePair(), builder(distance).build(), ProgressListener.NONE);
  }

  private static StyleParams.Builder builder(StyleDistance distance) {
    return StyleParams.builder().set(SIZE, 32).set(ITERATIONS, 12).set(LOG_EVERY, 1)
        .set(STYLE_LAYERS, List.of("relu1_1", "relu2_1", "relu3_1")).set(STYLE_LOSS, distance);
  }
}
