package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;

/**
 * The strong-Wolfe line search of PyTorch 1.13's {@code torch/optim/lbfgs.py} ({@code _strong_wolfe} and
 * {@code _cubic_interpolate}), ported statement for statement with the same constants, so that
 * {@link Lbfgs} takes the same steps as {@code LBFGS(line_search_fn="strong_wolfe")}.
 *
 * <p>It works on φ(t) = f(x + t·d) through a {@link LineFunction}, which evaluates a trial point without
 * moving x. All arithmetic here is on host doubles; gradients are opaque device arrays that the search
 * only keeps or drops. (torch does these scalars in the parameters' dtype; in float64 the two agree.)
 */
final class StrongWolfe {

  /** Sufficient decrease (Armijo): f(t) ≤ f(0) + c1·t·f'(0). */
  static final double C1 = 1e-4;
  /** Curvature: |f'(t)| ≤ −c2·f'(0). */
  static final double C2 = 0.9;
  /**
   * Stop zooming when the bracket moves the point by less than this. torch's LBFGS.step does not pass its own
   * tolerance_change to {@code _strong_wolfe}, so the search always uses the default, 1e-9.
   */
  static final double TOLERANCE_CHANGE = 1e-9;
  /** At most this many evaluations after the first, so 1 + MAX_LS in all. */
  static final int MAX_LS = 25;

  /** One evaluated step length: φ(t), φ'(t) = g·d, and the gradient g at x + t·d. */
  record Trial(double t, double loss, NDArray gradient, double slope) {}

  /** The accepted trial (the lowest loss seen in the final bracket) and the evaluations spent. */
  record Result(Trial best, int evaluations) {}

  /** φ along the search direction. */
  interface LineFunction {

    /** Evaluates the objective at x + t·d (x itself unchanged). */
    Trial at(double t);

    /** The search no longer needs this trial (never called for the start or the returned trial). */
    void discard(Trial trial);
  }

  private StrongWolfe() {}

  /**
   * @param start φ at t = 0: the current loss, gradient and g·d (&lt; 0); it stays the caller's
   * @param t the first step length to try
   * @param directionMaxAbs max|d|, for the bracket-width test
   * @param maxLs torch's max_ls: evaluations after the first (25; less to stay within a budget)
   * @return the accepted trial, which may be {@code start} itself (t = 0) if nothing better was found
   */
  static Result search(LineFunction phi, Trial start, double t, double directionMaxAbs, int maxLs) {
    if (maxLs < 0) {
      throw new IllegalArgumentException("maxLs must be >= 0, not " + maxLs);
    }
    double f = start.loss();
    double gtd = start.slope();
    Trial next = phi.at(t);
    int evaluations = 1;

    // Bracket an interval containing a point satisfying the Wolfe criteria.
    Trial previous = start;
    Trial[] bracket = null;
    boolean done = false;
    int lsIter = 0;
    while (lsIter < maxLs) {
      if (next.loss() > f + C1 * next.t() * gtd || (lsIter > 1 && next.loss() >= previous.loss())) {
        bracket = new Trial[] {previous, next};
        break;
      }
      if (Math.abs(next.slope()) <= -C2 * gtd) {
        bracket = new Trial[] {next};
        done = true;
        break;
      }
      if (next.slope() >= 0) {
        bracket = new Trial[] {previous, next};
        break;
      }
      // Interpolate, extrapolating between 1.01 and 10 times the current step.
      double minStep = next.t() + 0.01 * (next.t() - previous.t());
      double maxStep = next.t() * 10;
      double interpolated = cubicInterpolate(previous.t(), previous.loss(), previous.slope(),
          next.t(), next.loss(), next.slope(), minStep, maxStep);
      drop(phi, previous, start);
      previous = next;
      next = phi.at(interpolated);
      evaluations++;
      lsIter++;
    }
    if (lsIter == maxLs) { // reached max number of iterations: fall back to [0, t]
      bracket = new Trial[] {start, next};
    }
    if (previous != bracket[0]) {
      drop(phi, previous, start);
    }

    // Zoom: refine the bracket until a point satisfies the criteria.
    boolean insufficientProgress = false;
    int low = bracket[0].loss() <= bracket[bracket.length - 1].loss() ? 0 : 1;
    int high = 1 - low;
    while (!done && lsIter < maxLs) {
      if (Math.abs(bracket[1].t() - bracket[0].t()) * directionMaxAbs < TOLERANCE_CHANGE) {
        break; // the bracket is too small
      }
      double trialStep = cubicInterpolate(bracket[0].t(), bracket[0].loss(), bracket[0].slope(),
          bracket[1].t(), bracket[1].loss(), bracket[1].slope());
      // Too close to a boundary twice in a row, or outside it: move 0.1·width away from the nearest end.
      double upper = Math.max(bracket[0].t(), bracket[1].t());
      double lower = Math.min(bracket[0].t(), bracket[1].t());
      double eps = 0.1 * (upper - lower);
      if (Math.min(upper - trialStep, trialStep - lower) < eps) {
        if (insufficientProgress || trialStep >= upper || trialStep <= lower) {
          trialStep = Math.abs(trialStep - upper) < Math.abs(trialStep - lower) ? upper - eps : lower + eps;
          insufficientProgress = false;
        } else {
          insufficientProgress = true;
        }
      } else {
        insufficientProgress = false;
      }

      Trial trial = phi.at(trialStep);
      evaluations++;
      lsIter++;
      if (trial.loss() > f + C1 * trialStep * gtd || trial.loss() >= bracket[low].loss()) {
        // Armijo condition not satisfied or not lower than the lowest point: the new high.
        drop(phi, bracket[high], start);
        bracket[high] = trial;
        low = bracket[0].loss() <= bracket[1].loss() ? 0 : 1;
        high = 1 - low;
      } else {
        Trial replaced = bracket[low];
        if (Math.abs(trial.slope()) <= -C2 * gtd) {
          done = true; // Wolfe conditions satisfied
        } else if (trial.slope() * (bracket[high].t() - bracket[low].t()) >= 0) {
          replaced = bracket[high]; // the old high becomes the new low
          bracket[high] = bracket[low];
        }
        bracket[low] = trial; // the new point becomes the new low
        drop(phi, replaced, start);
      }
    }

    Trial best = bracket[low];
    for (Trial other : bracket) {
      if (other != best) {
        drop(phi, other, start);
      }
    }
    return new Result(best, evaluations);
  }

  /** Minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), within [x1, x2]. */
  static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2) {
    return x1 <= x2 ? cubicInterpolate(x1, f1, g1, x2, f2, g2, x1, x2) : cubicInterpolate(x1, f1, g1, x2, f2, g2, x2, x1);
  }

  /**
   * Minimizer of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to [xminBound, xmaxBound]; the
   * bounds' midpoint when the cubic has no minimizer. (From torch/optim's polyinterp.lua.)
   */
  static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2,
      double xminBound, double xmaxBound) {
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2Square = d1 * d1 - g1 * g2;
    if (d2Square >= 0) {
      double d2 = Math.sqrt(d2Square);
      double minPos = x1 <= x2
          ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
          : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      return Math.min(Math.max(minPos, xminBound), xmaxBound);
    }
    return (xminBound + xmaxBound) / 2.;
  }

  private static void drop(LineFunction phi, Trial trial, Trial start) {
    if (trial != start) {
      phi.discard(trial);
    }
  }
}
