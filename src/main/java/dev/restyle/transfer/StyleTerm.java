package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The style part of the objective: a scalar from the output's activations, in their manager. */
interface StyleTerm {

  NDArray of(NDList features);

  /**
   * The same term as a weighted sum of parts, each a loss of one layer's activation alone: {@code of} equals
   * {@code Σ weight · loss(features[layer])}. {@code --normalize-gradients} needs the parts, because it
   * normalizes each one's gradient at its own layer.
   */
  List<LayerPart> parts();

  /** One part of a style term: {@code weight · loss(F_layer)}. */
  record LayerPart(String layer, double weight, UnaryOperator<NDArray> loss) {}
}
