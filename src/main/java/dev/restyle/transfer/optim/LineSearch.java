package dev.restyle.transfer.optim;

import java.util.Locale;

/** How {@link Lbfgs} picks the step length along its search direction ({@code torch.optim.LBFGS}'s line_search_fn). */
public enum LineSearch {

  /** A fixed step: lr (the first step min(1, 1/‖g‖₁)·lr); one evaluation per iteration. torch: None. */
  NONE,

  /**
   * A search for a step that satisfies the strong Wolfe conditions, starting from the fixed step: a few
   * evaluations per iteration, but an accepted iterate never has a higher loss. torch: "strong_wolfe".
   */
  STRONG_WOLFE;

  /** {@code none} or {@code strong_wolfe}, as the {@code line_search} parameter spells them. */
  public static LineSearch parse(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
