package dev.restyle.image;

/**
 * Which linear map {@link LinearColorTransfer} uses to give one image another's colour covariance. Each maps
 * x to A (x − μ_s) + μ_c with A Σ_s Aᵀ = Σ_c; they differ in the rotation left free by that equation, and so
 * in how far they move the colours (the names of Gatys et al.'s NeuralImageSynthesis and ProGamerGov's
 * linear-color-transfer).
 */
public enum ColorTransferBasis {

  /** A = Σ_c^½ Σ_s^−½ with symmetric square roots from the eigendecompositions. */
  PCA,

  /** A = L_c L_s⁻¹ with the Cholesky factors Σ = L Lᵀ. */
  CHOL,

  /**
   * A = Σ_s^−½ (Σ_s^½ Σ_c Σ_s^½)^½ Σ_s^−½: the symmetric solution, which moves the colours least in the mean
   * squared sense (the linear Monge–Kantorovich map, Pitié and Kokaram 2007).
   */
  SYM
}
