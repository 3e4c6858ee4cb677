package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * L-BFGS with {@code torch.optim.LBFGS} semantics (fixed step, no line search), so trajectories can be
 * compared with PyTorch's: the first step is scaled by {@code min(1, 1/‖g‖₁)·lr}, H₀ = s·y / y·y, pairs
 * with y·s ≤ 1e-10 are skipped, and the same tolerance tests end the run.
 *
 * <p>All vectors stay on the device. Per iteration the host reads only a few scalars: the loss, y·s,
 * g·d and the two max-norms the tolerance tests need.
 */
public final class Lbfgs implements PixelOptimizer {

  private static final double CURVATURE_EPSILON = 1e-10;

  private final double learningRate;
  private final int historySize;
  private final double toleranceGrad;
  private final double toleranceChange;

  public Lbfgs(double learningRate, int historySize, double toleranceGrad, double toleranceChange) {
    this.learningRate = learningRate;
    this.historySize = historySize;
    this.toleranceGrad = toleranceGrad;
    this.toleranceChange = toleranceChange;
  }

  @Override
  public int minimize(NDArray x, Objective objective, int maxEvaluations) {
    try (NDManager state = x.getManager().newSubManager()) {
      Memory memory = new Memory(state);
      LossAndGradient start = evaluate(x, objective, state);
      NDArray gradient = start.gradient();
      double loss = start.loss();
      int evaluations = 1;
      if (maxAbs(gradient) <= toleranceGrad) {
        return evaluations;
      }
      NDArray direction = null;
      NDArray previousGradient = null;
      double step = learningRate;
      for (int iteration = 1; iteration <= maxEvaluations; iteration++) {
        try (NDManager scratch = state.newSubManager()) {
          if (iteration == 1) {
            direction = keep(gradient.neg(), state);
          } else {
            memory.update(gradient, previousGradient, direction, step, scratch);
            NDArray next = memory.direction(gradient, scratch);
            direction.close();
            direction = keep(next, state);
          }
          if (previousGradient != null) {
            previousGradient.close();
          }
          previousGradient = gradient;
          double previousLoss = loss;
          step = iteration == 1 ? Math.min(1.0, 1.0 / sumAbs(gradient)) * learningRate : learningRate;
          double directionalDerivative = dot(gradient, direction, scratch);
          if (directionalDerivative > -toleranceChange) {
            break;
          }
          NDArray update = direction.mul(step);
          update.attach(scratch);
          x.addi(update);
          boolean converged = false;
          if (iteration != maxEvaluations) {
            LossAndGradient next = evaluate(x, objective, state);
            gradient = next.gradient();
            loss = next.loss();
            evaluations++;
            converged = maxAbs(gradient) <= toleranceGrad;
          }
          if (iteration == maxEvaluations || evaluations >= maxEvaluations || converged) {
            break;
          }
          if (maxAbs(direction) * Math.abs(step) <= toleranceChange || Math.abs(loss - previousLoss) < toleranceChange) {
            break;
          }
        }
      }
      return evaluations;
    }
  }

  /** Evaluates in a throw-away scope and keeps only the gradient, in {@code state}. */
  private static LossAndGradient evaluate(NDArray x, Objective objective, NDManager state) {
    try (NDManager scope = state.newSubManager()) {
      LossAndGradient result = objective.evaluate(x, scope);
      return new LossAndGradient(result.loss(), keep(result.gradient(), state));
    }
  }

  /** The (s, y) history and the two-loop recursion that turns a gradient into a search direction. */
  private final class Memory {
    private final NDManager state;
    private final Deque<NDArray> gradientChanges = new ArrayDeque<>(); // y
    private final Deque<NDArray> steps = new ArrayDeque<>(); // s
    private final Deque<NDArray> inverseCurvatures = new ArrayDeque<>(); // ρ = 1 / y·s
    private NDArray initialHessianScale; // H₀ = y·s / y·y, a device scalar

    Memory(NDManager state) {
      this.state = state;
    }

    void update(NDArray gradient, NDArray previousGradient, NDArray direction, double step, NDManager scratch) {
      NDArray y = keep(gradient.sub(previousGradient), scratch);
      NDArray s = keep(direction.mul(step), scratch);
      NDArray ys = keep(dotArray(y, s), scratch);
      if (hostValue(ys) > CURVATURE_EPSILON) {
        if (gradientChanges.size() == historySize) {
          gradientChanges.removeFirst().close();
          steps.removeFirst().close();
          inverseCurvatures.removeFirst().close();
        }
        gradientChanges.addLast(keep(y, state));
        steps.addLast(keep(s, state));
        inverseCurvatures.addLast(keep(scratch.create(1f).div(ys), state));
        if (initialHessianScale != null) {
          initialHessianScale.close();
        }
        initialHessianScale = keep(ys.div(keep(dotArray(y, y), scratch)), state);
      }
    }

    /** The two-loop recursion; every temporary lands in {@code scratch}. */
    NDArray direction(NDArray gradient, NDManager scratch) {
      NDArray q = keep(gradient.neg(), scratch);
      List<NDArray> ys = new ArrayList<>(gradientChanges);
      List<NDArray> ss = new ArrayList<>(steps);
      List<NDArray> rhos = new ArrayList<>(inverseCurvatures);
      NDArray[] alphas = new NDArray[ys.size()];
      for (int i = ys.size() - 1; i >= 0; i--) {
        alphas[i] = keep(dotArray(q, ss.get(i)).mul(rhos.get(i)), scratch);
        q.subi(keep(alphas[i].mul(ys.get(i)), scratch));
      }
      NDArray r = initialHessianScale == null ? q : keep(q.mul(initialHessianScale), scratch);
      for (int i = 0; i < ys.size(); i++) {
        NDArray beta = keep(dotArray(r, ys.get(i)).mul(rhos.get(i)), scratch);
        r.addi(keep(alphas[i].sub(beta).mul(ss.get(i)), scratch));
      }
      return r;
    }
  }

  /** Moves an array into {@code manager}, so it lives exactly as long as that scope. */
  private static NDArray keep(NDArray array, NDManager manager) {
    array.attach(manager);
    return array;
  }

  /** a·b as a device scalar owned by a's manager. */
  private static NDArray dotArray(NDArray a, NDArray b) {
    try (NDArray flatA = a.reshape(-1); NDArray flatB = b.reshape(-1)) {
      return flatA.dot(flatB);
    }
  }

  private static double dot(NDArray a, NDArray b, NDManager scratch) {
    return hostValue(keep(dotArray(a, b), scratch));
  }

  private static double maxAbs(NDArray a) {
    try (NDArray abs = a.abs(); NDArray max = abs.max()) {
      return hostValue(max);
    }
  }

  private static double sumAbs(NDArray a) {
    try (NDArray abs = a.abs(); NDArray sum = abs.sum()) {
      return hostValue(sum);
    }
  }

  /** Reads a device scalar of any float type (float64 runs the parity test). */
  private static double hostValue(NDArray scalar) {
    return scalar.toType(DataType.FLOAT64, false).getDouble();
  }
}
