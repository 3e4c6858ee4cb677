package dev.restyle.params;

/** How L-BFGS picks the step length along its search direction ({@code torch.optim.LBFGS}'s line_search_fn). */
public enum LineSearch {

  /** A fixed step: lr (the first step min(1, 1/‖g‖₁)·lr); one evaluation per iteration. torch: None. */
  NONE,

  /**
   * A search for a step that satisfies the strong Wolfe conditions, starting from the fixed step: a few
   * evaluations per iteration, but an accepted iterate never has a higher loss. torch: "strong_wolfe".
   */
  STRONG_WOLFE
}
