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

  /** d(scalar)/d(leaf), in the leaf's manager. */
  public static NDArray gradient(NDArray scalar, NDArray leaf) {
    try (NDArray seed = scalar.onesLike()) {
      JniUtils.backward((PtNDArray) scalar, (PtNDArray) seed, false, false);
    }
    return leaf.getGradient();
  }
}
