package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Gradients with respect to an input image, without DJL's {@code GradientCollector}.
 *
 * <p>Why: the PyTorch engine's collector is a JVM-wide singleton, so two pairs optimized on two threads
 * would fail. PyTorch's grad mode is thread-local, and {@code backward} needs no collector, so each
 * thread drives its own graph. A new thread starts with grad mode on, as in PyTorch.
 */
public final class Autograd {

  private Autograd() {}

  /** Whether this thread builds autograd graphs right now. */
  public static boolean isGradModeOn() {
    return JniUtils.isGradMode();
  }

  /** Runs {@code work} with grad mode on or off for this thread, then restores the previous mode. */
  public static <T> T withGradMode(boolean enabled, Supplier<T> work) {
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(enabled);
    try {
      return work.get();
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  /**
   * A fresh autograd leaf that shares {@code image}'s storage, in the manager of {@code scope}'s owner.
   * Using a new leaf per evaluation means gradients can never accumulate across iterations.
   */
  public static NDArray leafOf(NDArray image, ai.djl.ndarray.NDManager scope) {
    NDArray leaf = image.stopGradient();
    leaf.attach(scope);
    leaf.setRequiresGradient(true);
    return leaf;
  }

  /**
   * {@code 2·x − sg(x)}: the value of x exactly (2x − x is exact in floating point), twice its gradient,
   * in x's manager; x is closed. It lets a loss differentiate a symmetric product (x·x, F·Fᵀ) through one
   * factor, a pass less over the array in the backward, and restore the product rule's factor 2 on a
   * scalar, where it costs two tiny operations.
   */
  public static NDArray withDoubledGradient(NDArray x) {
    try (x;
        NDArray doubled = x.add(x);
        NDArray value = x.stopGradient()) {
      return doubled.sub(value);
    }
  }

  /** d(scalar)/d(leaf), in the leaf's manager. */
  public static NDArray gradient(NDArray scalar, NDArray leaf) {
    try (NDArray seed = scalar.onesLike()) {
      JniUtils.backward((PtNDArray) scalar, (PtNDArray) seed, false, false);
    }
    return leaf.getGradient();
  }
}
