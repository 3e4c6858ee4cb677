package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.CONTENT_LAYER;
import static dev.restyle.params.StyleParamTable.LEARNING_RATE;
import static dev.restyle.params.StyleParamTable.LOG_EVERY;
import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.STYLE_LAYERS;
import static dev.restyle.params.StyleParamTable.TILE_OVERLAP;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.ImageTensors;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import dev.restyle.transfer.optim.Adam;
import dev.restyle.transfer.optim.LossAndGradient;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 1024 × 768 output from 256 px tiles has no visible seam, and the same run with a fixed, unfeathered
 * grid (the naive tiling) has seams the same measure sees, so the measure is not blind.
 *
 * <p>Cheap on purpose (about 30 s on 2 cores): VGG19 up to relu2_1 with seeded weights, style layers
 * relu1_1 and relu2_1, content relu2_1, 4 Adam iterations at lr 0.1 (4 steps of up to 0.1 per pixel
 * stylize visibly: the image's neighbour differences grow about 12-fold). The content is a smooth colour
 * field, so the content itself has no edges at any border line (its own ratio is about 1) and whatever
 * appears there comes from the tiling.
 */
class TiledSeamTest {

  private static final int WIDTH = 1024;
  private static final int HEIGHT = 768;
  private static final int TILE = 256;
  private static final int ITERATIONS = 4;
  private static final List<String> LAYERS = List.of("relu1_1", "relu2_1");

  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu2_1");

  @Test
  void shiftedFeatheredTilesLeaveNoSeamWhereAFixedGridLeavesClearOnes() {
    BufferedImage content = smoothField(WIDTH, HEIGHT);
    byte[] style = QualityFixtures.sample("style/mosaic.png");
    StyleParams params = StyleParams.builder().set(SIZE, WIDTH).set(StyleParamTable.ITERATIONS, ITERATIONS)
        .set(OPTIMIZER, Optimizer.ADAM).set(LEARNING_RATE, OptionalDouble.of(0.1)).set(STYLE_LAYERS, LAYERS)
        .set(CONTENT_LAYER, "relu2_1").set(StyleParamTable.TILE, TILE).set(TILE_OVERLAP, 32).set(LOG_EVERY, 1)
        .build();

    Vgg19 model = seeded.model();
    PairResult tiled = new PairOptimizer(model, ImageLimits.DEFAULT).optimize(
        new PairInput("field.png", QualityFixtures.png(content), "mosaic.png", style), params, ProgressListener.NONE);
    BufferedImage output = QualityFixtures.decode(tiled.image());
    BufferedImage naive = fixedGrid(model, content, style);

    // Where a fixed grid would put its borders: every interior edge of the unshifted 256/32 grid
    // (x = 224, 256, 448, 480, …), which includes x = 256 and x = 768, the only edges every shifted grid
    // also has (its first and last tiles are pushed against the image's sides).
    Set<Integer>[] shiftedLines = SeamMeter.borders(TileGrid.of(WIDTH, HEIGHT, TILE, 32, 0, 0));
    Set<Integer>[] naiveLines = SeamMeter.borders(TileGrid.of(WIDTH, HEIGHT, TILE, 0, 0, 0));
    double seams = SeamMeter.ratio(output, shiftedLines[0], shiftedLines[1]);
    double naiveSeams = SeamMeter.ratio(naive, naiveLines[0], naiveLines[1]);
    double contentRatio = SeamMeter.ratio(content, shiftedLines[0], shiftedLines[1]);
    double stylized = SeamMeter.meanDifference(output) / SeamMeter.meanDifference(content);
    double worstLine = SeamMeter.worstLine(output);
    double naiveWorstLine = SeamMeter.worstLine(naive);
    System.out.printf("seams: shifted+feathered %.3f (worst line %.3f), fixed grid %.3f (worst line %.3f), "
        + "content %.3f; texture %.1fx the content's; loss %.4g -> %.4g%n", seams, worstLine, naiveSeams,
        naiveWorstLine, contentRatio, stylized, tiled.initial().total(), tiled.last().total());

    assertThat(output.getWidth()).isEqualTo(WIDTH);
    assertThat(output.getHeight()).isEqualTo(HEIGHT);
    assertThat(stylized).isGreaterThan(5); // the style's texture is there: a seam would have had a chance
    assertThat(tiled.last().total()).isLessThan(tiled.initial().total());
    assertThat(contentRatio).isBetween(0.7, 1.3);
    // Measured: 0.92 across the unshifted grid's lines (the content itself: 0.94); no line anywhere stands
    // out from its neighbours by more than 1.08 (the shifted grids' borders fall anywhere). The fixed grid:
    // 4.1 across its lines, and its worst line 8.0.
    assertThat(seams).isLessThan(1.5);
    assertThat(worstLine).isLessThan(1.5);
    assertThat(naiveSeams).isGreaterThan(2.5);
    assertThat(naiveWorstLine).isGreaterThan(2.5);
  }

  /** The naive tiling, as the control: the same objective on a fixed grid without overlap or feathering. */
  private static BufferedImage fixedGrid(Vgg19 model, BufferedImage content, byte[] style) {
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      NDArray contentPixels = ImageTensors.toTensor(content, manager);
      BufferedImage styleImage = ImageResizer.forNetwork(QualityFixtures.decode(style), WIDTH, "mosaic.png");
      StyleTargets targets = StyleTargets.computeTiled(model, ImageTensors.toTensor(styleImage, manager), LAYERS,
          manager, TILE);
      Map<String, Double> layerWeights = new LinkedHashMap<>();
      LAYERS.forEach(layer -> layerWeights.put(layer, 1.0));
      TiledObjective objective = new TiledObjective(model, "relu2_1", contentPixels, targets, layerWeights,
          new LossWeights(1, 1e6, 0), TILE, 0, null);
      NDArray image = contentPixels.duplicate();
      new Adam(0.1, 0.9, 0.999, 0, 0.5).minimize(image, (x, scope) -> {
        ImageObjective.Result result = objective.evaluate(x, scope);
        return new LossAndGradient(result.losses().total(), result.gradient());
      }, ITERATIONS);
      return ImageTensors.toImage(image);
    }
  }

  /** Smooth colours, no edges: low-frequency sines in R, G and B. */
  static BufferedImage smoothField(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        double u = x / (double) width;
        double v = y / (double) height;
        int r = (int) (127.5 + 110 * Math.sin(2.1 * u + 1.3 * v));
        int g = (int) (127.5 + 110 * Math.cos(1.7 * u - 2.3 * v + 0.5));
        int b = (int) (127.5 + 110 * Math.sin(3.1 * u * v + 0.9));
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }
}
