package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

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
  private final Set<String> layers;

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
    Set<String> read = new LinkedHashSet<>();
    read.add(contentLayer);
    style.parts().forEach(part -> read.add(part.layer()));
    this.layers = Collections.unmodifiableSet(read);
  }

  /** Gatys et al.'s Gram style loss against these targets. */
  static StyleTerm gram(StyleTargets targets, Map<String, Double> layerWeights) {
    return new GramStyleTerm(targets, layerWeights);
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
    return terms(model.features(image), image);
  }

  /** The loss terms of the network's activations of {@code image}, which a caller may have computed in a batch. */
  LossTerms terms(NDList features, NDArray image) {
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
   * gradient is {@link #differentiable}'s surrogate's, and the terms are the same losses.
   */
  public Evaluation evaluate(NDArray image, NDManager scope) {
    NDArray leaf = Autograd.leafOf(image, scope);
    return Autograd.withGradMode(true, () -> {
      Differentiable evaluated = differentiable(model.features(leaf), leaf, scope);
      return new Evaluation(evaluated.terms(), Autograd.gradient(evaluated.surrogate(), leaf));
    });
  }

  /**
   * What one evaluation reports, and the scalar whose gradient it follows: the total loss itself, or with
   * normalized gradients the surrogate of {@link #normalizedTerms}. A batch of pairs sums its members'
   * surrogates and differentiates once: each pair's pixels get exactly their own gradient.
   */
  record Differentiable(LossTerms terms, NDArray surrogate) {}

  /**
   * @param features the network's activations of {@code image}, in grad mode
   * @param image the autograd leaf (or a slice of a batch's leaf) they were computed from
   */
  Differentiable differentiable(NDList features, NDArray image, NDManager scope) {
    if (weights.normalizeGradients()) {
      return normalizedTerms(features, image, scope);
    }
    LossTerms terms = terms(features, image);
    return new Differentiable(terms, terms.total());
  }

  String contentLayer() {
    return contentLayer;
  }

  NDArray contentTarget() {
    return contentTarget;
  }

  StyleTerm style() {
    return style;
  }

  /** The network these activations come from: a batch's members must share it. */
  Vgg19 model() {
    return model;
  }

  /** The layers whose activations the terms read. */
  Set<String> layers() {
    return layers;
  }

  private Differentiable normalizedTerms(NDList features, NDArray leaf, NDManager scope) {
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
      NDArray smoothness = tv;
      NDArray total = keep(Autograd.withGradMode(false, () -> weightedTotal(content, styleLoss, smoothness)), scope);
      return new Differentiable(new LossTerms(content, styleLoss, tv, total), surrogate);
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
