package dev.restyle.params;

/**
 * How the optimized image is kept inside the pixel range [0,1] that a picture can hold. The optimizer works
 * on pixels (ImageNet normalization is inside the network), so the range is the unit box.
 */
public enum PixelRange {

  /**
   * Optimize unconstrained and clamp into [0,1] only to write the picture (and between scales), as the
   * reference implementations do. The clamp can undo part of what the optimizer did.
   */
  CLAMP_AT_END,

  /**
   * Keep every iterate inside [0,1]: Adam projects after each step; L-BFGS projects each step and each
   * line-search trial, and leaves out the gradient components that point out of the box at a bound.
   */
  PROJECT,

  /** Optimize u with pixels = sigmoid(u), so every pixel is inside (0,1) by construction. */
  SIGMOID
}
