package dev.restyle.params;

/** How the style loss compares the output's activations with the style's, per layer. */
public enum StyleDistance {

  /** Gatys et al.: the mean squared difference of the Gram matrices. */
  GRAM,

  /**
   * The squared Wasserstein-2 distance between Gaussian fits (mean and covariance) of the activations, as
   * crowsonkb/style-transfer-pytorch uses by default.
   */
  WASSERSTEIN
}
