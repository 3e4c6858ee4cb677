package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gatys et al.'s objective for one pair: {@code α·content + β·style + tv·TV} at a pixel-space image.
 *
 * <p>Ownership: targets belong to whoever built them (the pair, or a style cache); everything an
 * evaluation creates belongs to the image's manager (the caller's per-iteration scope).
 */
public final class StyleTransferObjective {

  private final Vgg19 model;
  private final String contentLayer;
  private final NDArray contentTarget;
  private final StyleTerm style;
  private final LossWeights weights;

  public StyleTransferObjective(
      Vgg19 model,
      String contentLayer,
      NDArray contentTarget,
      StyleTargets styleTargets,
      Map<String, Double> styleLayerWeights,
      LossWeights weights) {
    this(model, contentLayer, contentTarget, StyleTransferObjective.gram(styleTargets, styleLayerWeights), weights);
  }

  /** @param style the style term, e.g. masked ({@link GuidedStyleLoss}) */
  StyleTransferObjective(Vgg19 model, String contentLayer, NDArray contentTarget, StyleTerm style,
      LossWeights weights) {
    this.model = model;
    this.contentLayer = contentLayer;
    this.contentTarget = contentTarget;
    this.style = style;
    this.weights = weights;
  }

  /** Gatys et al.'s Gram style loss against these targets. */
  static StyleTerm gram(StyleTargets targets, Map<String, Double> layerWeights) {
    Map<String, Double> weights = new LinkedHashMap<>(layerWeights);
    return new StyleTerm() {
      @Override
      public NDArray of(NDList features) {
        return StyleLoss.of(features, targets, weights);
      }

      @Override
      public List<LayerPart> parts() {
        return weights.entrySet().stream().map(layer -> new LayerPart(layer.getKey(), layer.getValue(),
            f -> StyleLoss.ofLayer(f, targets.gram(layer.getKey())))).toList();
      }
    };
  }

  /** The content image's activation at {@code layer}, computed without a graph, owned by {@code owner}. */
  public static NDArray contentTarget(Vgg19 model, NDArray contentImage, String layer, NDManager owner) {
    return Autograd.withGradMode(
        false,
        () -> {
          try (NDManager scratch = contentImage.getManager().newSubManager()) {
            NDArray image = contentImage.duplicate();
            image.attach(scratch);
            NDArray target = model.features(image).get(layer);
            target.attach(owner);
            return target;
          }
        });
  }

  /** The loss terms at {@code image}, with whatever grad mode the thread is in. */
  public LossTerms terms(NDArray image) {
    NDList features = model.features(image);
    NDArray content = ContentLoss.of(features.get(contentLayer), contentTarget);
    NDArray style = this.style.of(features);
    NDArray total;
    try (NDArray weightedContent = GraphConstants.times(content, weights.content());
        NDArray weightedStyle = GraphConstants.times(style, weights.style())) {
      total = weightedContent.add(weightedStyle);
    }
    if (weights.tv() == 0) {
      // TV is still reported, but with weight 0 it is kept out of the graph: its backward pass would
      // only add zeros, at the cost of two image-sized slice gradients per evaluation.
      return new LossTerms(content, style, Autograd.withGradMode(false, () -> TotalVariationLoss.of(image)), total);
    }
    NDArray tv = TotalVariationLoss.of(image);
    try (NDArray contentAndStyle = total; NDArray weightedTv = GraphConstants.times(tv, weights.tv())) {
      total = contentAndStyle.add(weightedTv);
    }
    return new LossTerms(content, style, tv, total);
  }

  /**
   * Terms and gradient at {@code image}; all results live in {@code scope}. With normalized gradients the
   * gradient is {@link #normalizedEvaluation}'s, and the terms are the same losses.
   */
  public Evaluation evaluate(NDArray image, NDManager scope) {
    NDArray leaf = Autograd.leafOf(image, scope);
    if (weights.normalizeGradients()) {
      return Autograd.withGradMode(true, () -> normalizedEvaluation(leaf, scope));
    }
    LossTerms terms = Autograd.withGradMode(true, () -> terms(leaf));
    NDArray gradient = Autograd.gradient(terms.total(), leaf);
    return new Evaluation(terms, gradient);
  }

  /**
   * jcjohnson/neural-style's {@code -normalize_gradients}: each loss layer's gradient with respect to its
   * activation F_l, g_l = ∂loss_l/∂F_l, is divided by its L1 norm, {@code w_l · g_l / (‖g_l‖₁ + 1e-8)}, before
   * the network carries it back to the pixels, so every layer pushes with the strength of its weight alone
   * (α for the content layer, β·w_l for a style layer); TV's gradient is not normalized, as there.
   *
   * <p>How, without a custom backward: each term is computed on a detached copy of its activation and
   * differentiated there (a backward pass over that layer's loss only); then one backward pass through the
   * network of {@code Σ_l sum(F_l ⊙ sg(ĝ_l))}, whose gradient at F_l is exactly ĝ_l.
   */
  private Evaluation normalizedEvaluation(NDArray leaf, NDManager scope) {
    NDList features = model.features(leaf);
    try (NDManager layers = scope.newSubManager()) {
      LayerTerm contentTerm = LayerTerm.at(features.get(contentLayer), f -> ContentLoss.of(f, contentTarget), layers);
      NDArray surrogate = contentTerm.pushBack(weights.content(), null);
      NDArray content = keep(contentTerm.loss(), scope);
      NDArray style = null;
      for (StyleTerm.LayerPart part : this.style.parts()) {
        LayerTerm term = LayerTerm.at(features.get(part.layer()), part.loss(), layers);
        surrogate = term.pushBack(weights.style() * part.weight(), surrogate);
        NDArray weighted = GraphConstants.times(term.loss(), part.weight());
        style = style == null ? weighted : style.add(weighted);
      }
      if (style == null) {
        throw new IllegalArgumentException("at least one style layer is needed");
      }
      NDArray styleLoss = keep(style, scope);
      NDArray tv;
      if (weights.tv() == 0) {
        tv = keep(Autograd.withGradMode(false, () -> TotalVariationLoss.of(leaf)), scope);
      } else {
        NDArray differentiable = TotalVariationLoss.of(leaf);
        surrogate = surrogate.add(GraphConstants.times(differentiable, weights.tv()));
        tv = keep(differentiable.stopGradient(), scope);
      }
      keep(surrogate, scope);
      NDArray gradient = Autograd.gradient(surrogate, leaf);
      NDArray smoothness = tv;
      NDArray total = keep(Autograd.withGradMode(false, () -> weightedTotal(content, styleLoss, smoothness)), scope);
      return new Evaluation(new LossTerms(content, styleLoss, tv, total), gradient);
    }
  }

  private NDArray weightedTotal(NDArray content, NDArray style, NDArray tv) {
    try (NDArray weightedContent = GraphConstants.times(content, weights.content());
        NDArray weightedStyle = GraphConstants.times(style, weights.style());
        NDArray weightedTv = GraphConstants.times(tv, weights.tv());
        NDArray contentAndStyle = weightedContent.add(weightedStyle)) {
      return contentAndStyle.add(weightedTv);
    }
  }

  private static NDArray keep(NDArray array, NDManager scope) {
    array.attach(scope);
    return array;
  }

  /** Terms only, without building a graph (for reporting). */
  public LossTerms measure(NDArray image) {
    return Autograd.withGradMode(false, () -> terms(image));
  }

  public LossWeights weights() {
    return weights;
  }
}
