package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The projection onto [0,1]ⁿ and the box's active set, for the bounded optimizers. A component is active at x
 * when it sits on a bound and the descent direction −g points out of the box there: x ≤ 0 with g &gt; 0, or
 * x ≥ 1 with g &lt; 0. Every result is a new array in its first argument's manager.
 */
final class UnitBox {

  private UnitBox() {}

  /**
   * Replaces x's values by their projection min(max(x, 0), 1), exactly, keeping the array itself (and its
   * manager): x takes over the projection's storage.
   */
  static void project(NDArray x) {
    try (NDManager scope = x.getManager().newSubManager()) {
      x.intern(projection(x, scope)); // the emptied wrapper stays in the scope, not in x's manager
    }
  }

  /**
   * min(max(x, 0), 1) as a new array in {@code scope}. Not {@code clip(0, 1)}: DJL's PyTorch clip creates its
   * two bounds as arrays in x's manager and never closes them, which per iteration would pile up there.
   */
  static NDArray projection(NDArray x, NDManager scope) {
    NDArray lower = scope.create(0f).toType(x.getDataType(), false);
    lower.attach(scope);
    NDArray upper = scope.create(1f).toType(x.getDataType(), false);
    upper.attach(scope);
    NDArray raised = x.maximum(lower);
    raised.attach(scope);
    NDArray projected = raised.minimum(upper);
    projected.attach(scope);
    return projected;
  }

  /** 1 where the component is free, 0 where it is active, in x's data type. */
  static NDArray freeMask(NDArray x, NDArray gradient) {
    try (NDArray atLower = x.lte(0f);
        NDArray pushedDown = gradient.gt(0f);
        NDArray blockedLow = atLower.logicalAnd(pushedDown);
        NDArray atUpper = x.gte(1f);
        NDArray pushedUp = gradient.lt(0f);
        NDArray blockedHigh = atUpper.logicalAnd(pushedUp);
        NDArray blocked = blockedLow.logicalOr(blockedHigh);
        NDArray free = blocked.logicalNot()) {
      return free.toType(x.getDataType(), false);
    }
  }

  /**
   * 1 where x + t·d stays strictly inside the box before projection (the projected path moves along d there),
   * 0 where the projection holds the component on a bound.
   */
  static NDArray movingMask(NDArray unprojected) {
    try (NDArray aboveLower = unprojected.gt(0f);
        NDArray belowUpper = unprojected.lt(1f);
        NDArray inside = aboveLower.logicalAnd(belowUpper)) {
      return inside.toType(unprojected.getDataType(), false);
    }
  }
}
