package dev.restyle.params;

/**
 * The α, β and TV weights of {@code total = α·content + β·style + tv·TV}, and whether each layer's gradient
 * is divided by its L1 norm before they apply ({@code normalize_gradients}).
 */
public record LossWeights(double content, double style, double tv, boolean normalizeGradients) {

  /** The weights as Gatys et al. apply them: to the losses, so to their gradients unchanged. */
  public LossWeights(double content, double style, double tv) {
    this(content, style, tv, false);
  }
}
