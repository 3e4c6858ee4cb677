package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import dev.restyle.params.InvalidParamException;
import dev.restyle.testing.SeededModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The guided Gram and the masks it is weighted by: a white mask gives the plain Gram, a half mask the Gram
 * of that half; masks are brought to each layer's positions as VGG19's poolings bring the image.
 */
class StyleMaskTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel("relu5_1");

  @Test
  void guidedGramOfAWhiteMaskIsThePlainGram() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray features = manager.randomUniform(-1f, 1f, new Shape(1, 6, 5, 7));
      StyleMask.Layer white = layer(manager, ones(35), 5, 7);
      NDArray guided = GramMatrix.guidedWithOneSidedGradient(features, white);
      NDArray plain = GramMatrix.of(features);
      assertThat(guided.sub(plain).abs().max().getFloat()).isLessThanOrEqualTo(1e-6f * plain.abs().max().getFloat());
    }
  }

  @Test
  void guidedGramOfAHalfMaskIsTheGramOfThatHalfAlone() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray features = manager.randomUniform(-1f, 1f, new Shape(1, 6, 4, 8));
      float[] leftHalf = new float[32];
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 4; x++) {
          leftHalf[y * 8 + x] = 1;
        }
      }
      NDArray guided = GramMatrix.guidedWithOneSidedGradient(features, layer(manager, leftHalf, 4, 8));
      NDArray left = GramMatrix.of(features.get(new NDIndex(":, :, :, 0:4")));
      NDArray whole = GramMatrix.of(features);
      float scale = left.abs().max().getFloat();
      assertThat(guided.sub(left).abs().max().getFloat()).isLessThanOrEqualTo(1e-6f * scale);
      // the control: the half's statistics are not the whole image's
      assertThat(whole.sub(left).abs().max().getFloat()).isGreaterThan(0.05f * scale);
    }
  }

  @Test
  void guidedGramsGradientIsHalfTheProductRulesForASymmetricUpstream() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      Shape shape = new Shape(1, 5, 3, 4);
      NDArray features = manager.randomUniform(-1f, 1f, shape);
      float[] soft = new float[12];
      for (int i = 0; i < soft.length; i++) {
        soft[i] = i / 11f;
      }
      StyleMask.Layer mask = layer(manager, soft, 3, 4);
      NDArray upstream = manager.randomUniform(-1f, 1f, new Shape(5, 5));
      NDArray symmetric = upstream.add(upstream.transpose());
      NDArray leaf = Autograd.leafOf(features, manager);
      NDArray loss = Autograd.withGradMode(true,
          () -> GramMatrix.guidedWithOneSidedGradient(leaf, mask).mul(symmetric).sum());
      NDArray gradient = Autograd.gradient(loss, leaf);
      // Σ S ⊙ F D Fᵀ / (C·Σm) has the full gradient 2·S F D / (C·Σm); one-sided is half of it
      NDArray flat = features.reshape(5, 12);
      NDArray expected = symmetric.matMul(flat.mul(mask.weights())).div(5 * mask.mass()).reshape(shape);
      assertThat(gradient.sub(expected).abs().max().getFloat())
          .isLessThanOrEqualTo(1e-6f * expected.abs().max().getFloat());
    }
  }

  @Test
  void halvingAveragesTwoByTwoBlocksAndDropsAnOddLastRowAndColumnAsPoolingDoes() {
    float[] values = {
        0, 1, 2, 3, 4,
        5, 6, 7, 8, 9,
        9, 9, 9, 9, 9};
    assertThat(StyleMask.halved(values, 5, 3)).containsExactly(3f, 5f);
  }

  @Test
  void aMaskHasTheLayersPositionsAtOddSizesAndItsMassIsItsWhiteArea() {
    BufferedImage leftWhite = halves(Color.WHITE, Color.BLACK, 30, 20);
    List<String> layers = List.of("relu1_1", "relu3_1", "relu5_1");
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      // 66 × 29 px: the poolings floor 66 → 33 → 16 → 8 → 4, and 29 → 14 → 7 → 3 → 1
      StyleMask mask = StyleMask.of(leftWhite, "left.png", 66, 29, layers, manager);
      NDList features = seeded.model().features(manager.randomUniform(0f, 1f, new Shape(1, 3, 29, 66)));
      for (String layer : layers) {
        Shape shape = features.get(layer).getShape();
        assertThat(new long[] {mask.layer(layer).height(), mask.layer(layer).width()}).as(layer)
            .containsExactly(shape.get(2), shape.get(3));
      }
      // At full resolution the mass is the white area: the left 33 of 66 columns, 29 rows, give or take
      // the resize's blur at the edge.
      assertThat(mask.layer("relu1_1").mass()).isBetween(32.0 * 29, 34.0 * 29);
      // relu5_1 has 4 × 1 positions of 16 px each: the left two white, the right two black
      float[] deep = mask.layer("relu5_1").weights().toFloatArray();
      assertThat(deep[0]).isGreaterThan(0.95f);
      assertThat(deep[1]).isGreaterThan(0.95f);
      assertThat(deep[2]).isLessThan(0.1f);
      assertThat(deep[3]).isLessThan(0.05f);
    }
  }

  @Test
  void anAllBlackMaskIsRefusedWithItsName() {
    BufferedImage black = halves(Color.BLACK, Color.BLACK, 16, 16);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      assertThatThrownBy(() -> StyleMask.of(black, "s3a://b/black.png", 32, 32, List.of("relu1_1"), manager))
          .isInstanceOf(InvalidParamException.class)
          .hasMessage("--style-mask 's3a://b/black.png' is invalid; allowed: masks with some white where their "
              + "style applies; this one is black everywhere");
    }
  }

  @Test
  void colourMasksCountByTheirLuma() {
    BufferedImage red = halves(new Color(255, 0, 0), new Color(0, 0, 255), 2, 1);
    assertThat(StyleMask.gray(red)).containsExactly((float) (0.299 * 255 / 255.0), (float) (0.114 * 255 / 255.0));
  }

  static BufferedImage halves(Color left, Color right, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(right);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    return image;
  }

  private static float[] ones(int n) {
    float[] ones = new float[n];
    java.util.Arrays.fill(ones, 1);
    return ones;
  }

  private static StyleMask.Layer layer(NDManager manager, float[] weights, int height, int width) {
    double mass = 0;
    for (float w : weights) {
      mass += w;
    }
    return new StyleMask.Layer(GraphConstants.of(manager, weights, new Shape(1, weights.length)), mass, height, width);
  }
}
