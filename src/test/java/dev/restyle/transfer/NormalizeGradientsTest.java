package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.NORMALIZE_GRADIENTS;
import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.STYLE_WEIGHT;
import static dev.restyle.testing.Tolerance.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Autograd;
import dev.restyle.params.LossWeights;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.Pictures;
import dev.restyle.testing.SeededModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 16, item 6: {@code --normalize-gradients}, as jcjohnson/neural-style's {@code -normalize_gradients}.
 * The gradient is checked against the formula on a 16 px case, term by term, each term's gradient taken from
 * the plain objective with that term alone and its L1 norm at the layer computed here by hand.
 */
class NormalizeGradientsTest {

  private static final String CONTENT_LAYER = "relu2_1";
  private static final Map<String, Double> STYLE_LAYERS = new LinkedHashMap<>(Map.of("relu1_1", 1.0));
  private static final double ALPHA = 2;
  private static final double BETA = 1e3;

  static {
    STYLE_LAYERS.put("relu3_1", 0.5);
  }

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(0, "relu5_1");

  @Test
  void eachLayerSendsBackItsWeightTimesItsGradientOverTheGradientsL1Norm() {
    try (NDManager scope = NDManager.newBaseManager()) {
      NDArray content = picture(scope, 1);
      NDArray style = picture(scope, 2);
      NDArray x = picture(scope, 3);
      NDArray contentTarget = StyleTransferObjective.contentTarget(seeded.model(), content, CONTENT_LAYER, scope);
      StyleTargets targets = StyleTargets.compute(seeded.model(), style, STYLE_LAYERS.keySet(), scope);

      Evaluation normalized = objective(contentTarget, targets, STYLE_LAYERS,
          new LossWeights(ALPHA, BETA, 0, true)).evaluate(x, scope);
      Evaluation plain = objective(contentTarget, targets, STYLE_LAYERS, new LossWeights(ALPHA, BETA, 0))
          .evaluate(x, scope);

      // ‖∂loss/∂F‖₁ at each layer, by hand: content 2(F − P)/N; style 4(G − A)F / (C²·C·H·W), G symmetric.
      Map<String, NDArray> features = new LinkedHashMap<>();
      Autograd.withGradMode(false, () -> {
        var all = seeded.model().features(x);
        features.put(CONTENT_LAYER, all.get(CONTENT_LAYER));
        STYLE_LAYERS.keySet().forEach(l -> features.put(l, all.get(l)));
        return null;
      });
      NDArray f = features.get(CONTENT_LAYER);
      double contentNorm = f.sub(contentTarget).abs().sum().getFloat() * 2 / f.size();
      NDArray expected = gradientOfTermAlone(contentTarget, targets, "relu1_1", new LossWeights(1, 0, 0), x, scope)
          .mul(ALPHA / (contentNorm + 1e-8));
      Map<String, Double> plainShares = new LinkedHashMap<>();
      plainShares.put(CONTENT_LAYER, ALPHA * contentNorm);
      for (Map.Entry<String, Double> layer : STYLE_LAYERS.entrySet()) {
        NDArray a = features.get(layer.getKey());
        Shape shape = a.getShape();
        long c = shape.get(1);
        NDArray flat = a.reshape(c, shape.get(2) * shape.get(3));
        NDArray gram = flat.matMul(flat.transpose()).div(a.size());
        NDArray dF = gram.sub(targets.gram(layer.getKey())).matMul(flat).mul(4.0 / ((double) c * c * a.size()));
        double norm = dF.abs().sum().getFloat();
        double weight = BETA * layer.getValue();
        plainShares.put(layer.getKey(), weight * norm);
        expected = expected.add(gradientOfTermAlone(contentTarget, targets, layer.getKey(),
            new LossWeights(0, 1, 0), x, scope).mul(weight / (norm + 1e-8)));
      }

      assertClose("normalized d(total)/d(x)", normalized.gradient(), expected, 1e-4);
      // The control: without normalization the layers push with very different strengths (weight × ‖g‖₁
      // spans orders of magnitude), so the two gradients point in different directions.
      double strongest = plainShares.values().stream().mapToDouble(v -> v).max().orElseThrow();
      double weakest = plainShares.values().stream().mapToDouble(v -> v).min().orElseThrow();
      assertThat(strongest / weakest).isGreaterThan(10);
      assertThat(cosine(normalized.gradient(), plain.gradient())).isLessThan(0.9);
      // The losses are the plain ones either way.
      LossValues on = normalized.terms().values();
      LossValues off = plain.terms().values();
      assertClose("content", on.content(), off.content(), 1e-6);
      assertClose("style", on.style(), off.style(), 1e-6);
      assertClose("total", on.total(), off.total(), 1e-6);
    }
  }

  @Test
  void normalizedAStyleWithASmallShareOfTheGradientPushesAsHardAsItsWeight() {
    PairInput pair = QualityFixtures.samplePair();
    PairResult plain = transfer(pair, false);
    PairResult normalized = transfer(pair, true);

    // With β = 10 for α = 1 the style's share of the plain gradient is small, and 6 Adam steps cut its loss
    // by 9 % (measured 4.04e-7 → 3.69e-7). Normalized, each style layer pushes with an L1 norm of β·w_l
    // against the content's α, whatever the size of its loss: 4.04e-7 → 2.24e-7, 45 %.
    assertThat(normalized.last().style()).isLessThan(0.75 * plain.last().style());
    assertThat(plain.last().style()).isLessThan(plain.initial().style());
    assertThat(Pictures.maxDifference(QualityFixtures.decode(plain.image()),
        QualityFixtures.decode(normalized.image()))).isGreaterThan(8);
  }

  @Test
  void theWassersteinStyleTermIsNormalizedLayerByLayerAndKeepsItsLoss() {
    try (NDManager scope = NDManager.newBaseManager()) {
      NDArray contentTarget = StyleTransferObjective.contentTarget(seeded.model(), picture(scope, 1), CONTENT_LAYER,
          scope);
      StyleTargets targets = StyleTargets.compute(seeded.model(), picture(scope, 2), STYLE_LAYERS.keySet(), scope);
      StyleTerm wasserstein = new WassersteinStyleLoss(targets, STYLE_LAYERS, scope);
      NDArray x = picture(scope, 3);

      Evaluation normalized = new StyleTransferObjective(seeded.model(), CONTENT_LAYER, contentTarget, wasserstein,
          new LossWeights(BETA, BETA, 0, true)).evaluate(x, scope);
      Evaluation plain = new StyleTransferObjective(seeded.model(), CONTENT_LAYER, contentTarget, wasserstein,
          new LossWeights(BETA, BETA, 0)).evaluate(x, scope);

      // The parts add up to the term: the recorded losses do not depend on the normalization...
      assertClose("style", normalized.terms().style().getFloat(), plain.terms().style().getFloat(), 1e-5);
      assertClose("content", normalized.terms().content().getFloat(), plain.terms().content().getFloat(), 1e-6);
      // ...while the gradient does: normalized, the content layer pushes as hard as relu1_1 (weights equal);
      // plain, the Wasserstein term's much larger gradient drowns it (the control).
      // Measured cosine 0.978 (seeded weights and pictures, so the figure is reproducible).
      assertThat(cosine(normalized.gradient(), plain.gradient())).isLessThan(0.99);
    }
  }

  private static PairResult transfer(PairInput pair, boolean normalize) {
    // Normalized, every style layer pushes with β·w_l: a β of 1e6 for 1 of content would drown the content.
    StyleParams params = StyleParams.builder().set(SIZE, 32).set(ITERATIONS, 6).set(OPTIMIZER, Optimizer.ADAM)
        .set(STYLE_WEIGHT, 10.0).set(NORMALIZE_GRADIENTS, normalize).build();
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT).optimize(pair, params, ProgressListener.NONE);
  }

  /** The plain objective's gradient with one term weighted 1: content alone, or one style layer alone. */
  private static NDArray gradientOfTermAlone(NDArray contentTarget, StyleTargets targets, String styleLayer,
      LossWeights weights, NDArray x, NDManager scope) {
    return objective(contentTarget, targets, Map.of(styleLayer, 1.0), weights).evaluate(x, scope).gradient();
  }

  private static StyleTransferObjective objective(NDArray contentTarget, StyleTargets targets,
      Map<String, Double> layers, LossWeights weights) {
    return new StyleTransferObjective(seeded.model(), CONTENT_LAYER, contentTarget, targets, layers, weights);
  }

  private static NDArray picture(NDManager scope, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] pixels = new float[3 * 16 * 16];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) random.nextDouble();
    }
    return scope.create(pixels, new Shape(1, 3, 16, 16));
  }

  private static double cosine(NDArray a, NDArray b) {
    double dot = a.mul(b).sum().getFloat();
    return dot / Math.sqrt(a.mul(a).sum().getFloat() * (double) b.mul(b).sum().getFloat());
  }
}
