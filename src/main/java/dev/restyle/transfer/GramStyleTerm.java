package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gatys et al.'s Gram style loss against one set of targets ({@link StyleLoss}). */
final class GramStyleTerm implements StyleTerm {

  private final StyleTargets targets;
  private final Map<String, Double> layerWeights;

  GramStyleTerm(StyleTargets targets, Map<String, Double> layerWeights) {
    this.targets = targets;
    this.layerWeights = Collections.unmodifiableMap(new LinkedHashMap<>(layerWeights));
  }

  @Override
  public NDArray of(NDList features) {
    return StyleLoss.of(features, targets, layerWeights);
  }

  @Override
  public List<LayerPart> parts() {
    return layerWeights.entrySet().stream().map(layer -> new LayerPart(layer.getKey(), layer.getValue(),
        f -> StyleLoss.ofLayer(f, targets.gram(layer.getKey())))).toList();
  }

  StyleTargets targets() {
    return targets;
  }

  /** w_l by layer, in a fixed order. */
  Map<String, Double> layerWeights() {
    return layerWeights;
  }
}
