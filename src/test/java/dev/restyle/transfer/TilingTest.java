package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.TILE;
import static dev.restyle.params.StyleParamTable.TILE_OVERLAP;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageTensors;
import dev.restyle.image.ImageResizer;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tile grid, tiled style targets and the tiled objective's gradient, at small sizes. */
class TilingTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  @Test
  void everyGridCoversTheImageWithFullSizeTilesAndShiftedGridsMoveTheInteriorBorders() {
    SplittableRandom random = new SplittableRandom(3);
    Set<Integer> borders = new HashSet<>();
    for (int round = 0; round < 50; round++) {
      int offsetX = round == 0 ? 0 : random.nextInt(224);
      int offsetY = round == 0 ? 0 : random.nextInt(224);
      TileGrid grid = TileGrid.of(1024, 768, 256, 32, offsetX, offsetY);
      int[] cover = new int[1024 * 768];
      for (TileGrid.Window w : grid.windows()) {
        assertThat(w.width()).isEqualTo(256);
        assertThat(w.height()).isEqualTo(256);
        for (int y = w.y(); y < w.y() + w.height(); y++) {
          for (int x = w.x(); x < w.x() + w.width(); x++) {
            cover[y * 1024 + x]++;
          }
        }
        if (w.left()) {
          borders.add(w.x());
        }
      }
      assertThat(cover).doesNotContain(0);
    }
    assertThat(TileGrid.of(1024, 768, 256, 32, 0, 0).windows()).hasSize(5 * 4);
    // Left edges of interior tiles land on many different columns, so no seam stays in one place.
    assertThat(borders).hasSizeGreaterThan(100);
    // An image no larger than a tile is one window, the whole image.
    assertThat(TileGrid.of(200, 150, 256, 32, 17, 5).windows()).containsExactly(
        new TileGrid.Window(0, 0, 200, 150, false, false, false, false));
  }

  @Test
  void masksFeatherLinearlyOverTheOverlapOnlyAtSharedEdges() {
    TileGrid.Window inner = new TileGrid.Window(100, 0, 8, 4, true, true, false, false);
    float[] mask = inner.mask(3);
    // columns: ramp 1/4, 2/4, 3/4, then 1, mirrored on the right; rows: image border, so 1
    assertThat(java.util.Arrays.copyOfRange(mask, 0, 8)).containsExactly(0.25f, 0.5f, 0.75f, 1f, 1f, 0.75f, 0.5f,
        0.25f);
    assertThat(java.util.Arrays.copyOfRange(mask, 24, 32)).containsExactly(0.25f, 0.5f, 0.75f, 1f, 1f, 0.75f, 0.5f,
        0.25f);
    assertThat(inner.mask(0)).containsOnly(1f);
  }

  @Test
  void receptiveFieldsAndStridesAreVgg19s() {
    assertThat(StyleTargets.receptiveRadius("relu1_1")).isEqualTo(1);
    assertThat(StyleTargets.receptiveRadius("relu3_1")).isEqualTo(13);
    assertThat(StyleTargets.receptiveRadius("relu5_1")).isEqualTo(85); // a 171 px receptive field
    assertThat(StyleTargets.stride("relu1_1")).isEqualTo(1);
    assertThat(StyleTargets.stride("relu4_2")).isEqualTo(8);
    assertThat(StyleTargets.stride("relu5_1")).isEqualTo(16);
    assertThat(StyleTargets.partition(300, 128, 16)).extracting(s -> s[0] + "+" + s[1])
        .containsExactly("0+96", "96+96", "192+108");
    assertThat(StyleTargets.partition(128, 128, 16)).extracting(s -> s[0] + "+" + s[1]).containsExactly("0+128");
  }

  /**
   * Windows with a receptive-field margin of context keep exactly the activations of the whole image, so
   * the tiled targets are the whole image's up to float32 summation order. Measured: at most 3e-7 relative
   * (Frobenius) per layer, for a 300 × 200 style in 128 px windows. Without the margin (each window on its
   * own, seeing zero padding at its borders), relu4_1 would be off by 11 % and relu5_1 by more.
   */
  @Test
  void styleTargetsComputedInWindowsEqualTheWholeImages() {
    try (NDManager manager = NDManager.newBaseManager(seeded.model().device())) {
      BufferedImage style = ImageResizer.toSize(QualityFixtures.decode(QualityFixtures.sample("style/mosaic.png")),
          300, 200);
      NDArray pixels = ImageTensors.toTensor(style, manager);
      List<String> layers = StyleParams.defaults().losses().styleLayers();
      StyleTargets whole = StyleTargets.compute(seeded.model(), pixels, layers, manager);
      StyleTargets tiled = StyleTargets.computeTiled(seeded.model(), pixels, layers, manager, 128);
      StringBuilder measured = new StringBuilder();
      for (String layer : layers) {
        double relative = distance(tiled.gram(layer), whole.gram(layer)) / distance(whole.gram(layer), null);
        measured.append(String.format("%s %.2g  ", layer, relative));
        assertThat(relative).as(layer).isLessThan(1e-5);
      }
      System.out.println("tiled vs whole style Grams (300 x 200 in 128 px windows): " + measured);
    }
  }

  /**
   * The tiled gradient is a stand-in for the whole-image gradient, not a copy: every tile must match the
   * whole style's Grams on its own, a stronger demand than the whole image matching them on average, and
   * tiles see zero padding at their borders. At 128 × 96 in 64 px tiles (overlap 16), measured at the
   * content image: cosine 0.77, norm ratio 1.95 (256 × 192 in 128 px tiles: 0.69 and 1.74; in 192 px
   * tiles: 0.94 and 1.14). Without the a_t/A factor the norm ratio would be 3 × larger, so the factor is
   * what keeps the size of the gradient, and with it the learning rates, comparable.
   */
  @Test
  void theTiledGradientPointsWhereTheWholeImageGradientDoes() {
    StyleParams untiled = StyleParams.builder().set(SIZE, 128).build();
    StyleParams tiled = StyleParams.builder().set(SIZE, 128).set(TILE, 64).set(TILE_OVERLAP, 16).build();
    try (NDManager pair = NDManager.newBaseManager(seeded.model().device());
        ScaleStage whole = QualityFixtures.stage(seeded.model(), QualityFixtures.samplePair(), untiled, untiled.size(),
            pair);
        ScaleStage tiles = QualityFixtures.stage(seeded.model(), QualityFixtures.samplePair(), tiled, untiled.size(),
            pair);
        NDManager scope = pair.newSubManager()) {
      assertThat(tiles.objective()).isInstanceOf(TiledObjective.class);
      NDArray image = whole.contentPixels();
      float[] a = whole.objective().evaluate(image, scope).gradient().toFloatArray();
      float[] b = tiles.objective().evaluate(image, scope).gradient().toFloatArray();
      double dot = 0;
      double na = 0;
      double nb = 0;
      for (int i = 0; i < a.length; i++) {
        dot += (double) a[i] * b[i];
        na += (double) a[i] * a[i];
        nb += (double) b[i] * b[i];
      }
      double cosine = dot / Math.sqrt(na * nb);
      double ratio = Math.sqrt(nb / na);
      System.out.printf("tiled vs whole gradient: cosine %.3f, norm ratio %.3f%n", cosine, ratio);
      assertThat(cosine).isGreaterThan(0.6);
      assertThat(ratio).isBetween(0.5, 2.5);
    }
  }

  private static double distance(NDArray a, NDArray b) {
    float[] x = a.toFloatArray();
    float[] y = b == null ? new float[x.length] : b.toFloatArray();
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += (double) (x[i] - y[i]) * (x[i] - y[i]);
    }
    return Math.sqrt(sum);
  }
}
