package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import java.util.LinkedHashMap;
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
    return features -> StyleLoss.of(features, targets, weights);
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

  /** Terms and gradient at {@code image}; all results live in {@code scope}. */
  public Evaluation evaluate(NDArray image, NDManager scope) {
    NDArray leaf = Autograd.leafOf(image, scope);
    LossTerms terms = Autograd.withGradMode(true, () -> terms(leaf));
    NDArray gradient = Autograd.gradient(terms.total(), leaf);
    return new Evaluation(terms, gradient);
  }

  /** Terms only, without building a graph (for reporting). */
  public LossTerms measure(NDArray image) {
    return Autograd.withGradMode(false, () -> terms(image));
  }

  public LossWeights weights() {
    return weights;
  }
}
