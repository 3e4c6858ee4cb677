package dev.restyle.transfer;

import static dev.restyle.transfer.QualityFixtures.decode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageLimits;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * save_every through PairOptimizer (32 px, a few iterations, seeded weights): the pictures of every k-th
 * iteration, with save_every 0 as the control, and the one of the final iteration is the output itself.
 */
class ProgressPicturesTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  @Test
  void everyKthIterationIsWrittenAndTheFinalOneIsTheOutput() {
    for (Optimizer optimizer : Optimizer.values()) {
      Collected pictures = new Collected();
      PairResult result = optimize(params(optimizer, 6, 3), pictures);

      assertThat(pictures.byIteration.keySet()).as(optimizer.name()).containsExactly(3, 6);
      for (byte[] picture : pictures.byIteration.values()) {
        BufferedImage image = decode(picture);
        assertThat(image.getWidth()).isEqualTo(result.width());
        assertThat(image.getHeight()).isEqualTo(result.height());
      }
      // Adam's output is one step past its last evaluation, so the final picture is taken from the output.
      assertThat(pictures.byIteration.get(6)).as(optimizer.name()).isEqualTo(result.image());
      // Not one picture written twice: the optimizer moved between iterations 3 and 6.
      assertThat(Arrays.equals(pictures.byIteration.get(3), pictures.byIteration.get(6))).isFalse();
    }
  }

  @Test
  void saveEveryZeroWritesNone() {
    Collected pictures = new Collected();
    optimize(params(Optimizer.LBFGS, 3, 0), pictures);
    assertThat(pictures.byIteration).isEmpty();
  }

  @Test
  void withScalesEachPictureHasItsScalesSize() {
    Collected pictures = new Collected();
    PairResult result = optimize(params(Optimizer.LBFGS, 4, 1).with(Map.of("scales", "16")), pictures);
    assertThat(pictures.byIteration.keySet()).containsExactly(1, 2, 3, 4);
    List<Integer> widths = pictures.byIteration.values().stream().map(p -> decode(p).getWidth()).toList();
    assertThat(widths).containsExactly(16, 16, 32, 32);
    assertThat(pictures.byIteration.get(4)).isEqualTo(result.image());
  }

  @Test
  void namesSortByIterationWithAtLeastFourDigits() {
    assertThat(ProgressPictures.name(50, 500)).isEqualTo("iter0050");
    assertThat(ProgressPictures.name(7, 100_000)).isEqualTo("iter000007");
    assertThat(ProgressPictures.name(12345, 20_000)).isEqualTo("iter12345");
  }

  private static PairResult optimize(StyleParams params, ProgressPictures pictures) {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(QualityFixtures.samplePair(), params,
        ProgressListener.NONE, pictures);
  }

  private static StyleParams params(Optimizer optimizer, int iterations, int saveEvery) {
    return StyleParams.builder().set(StyleParamTable.SIZE, 32).set(StyleParamTable.ITERATIONS, iterations)
        .set(StyleParamTable.OPTIMIZER, optimizer).set(StyleParamTable.SAVE_EVERY, saveEvery).build();
  }

  /** Keeps every picture by its iteration. */
  private static final class Collected implements ProgressPictures {
    final Map<Integer, byte[]> byIteration = new TreeMap<>();

    @Override
    public void write(int iteration, byte[] encoded) {
      byIteration.put(iteration, encoded);
    }
  }
}
