package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Constants for the autograd graph that own their memory.
 *
 * <p>Why: on the CPU, DJL's PyTorch engine wraps a Java direct buffer without copying ({@code from_blob})
 * and drops the buffer when the array is closed, and {@code mul(Number)}/{@code div(Number)} close
 * their scalar right after the call. Autograd keeps such operands for the backward pass (multiplication
 * and division save the other factor), so a garbage collection between forward and backward frees
 * memory the graph still reads: gradients turn into garbage or NaN, at random. A clone lives in
 * PyTorch's allocator and is reference-counted by the graph. GraphConstantLifetimeTest proves it.
 */
public final class GraphConstants {

  private GraphConstants() {}

  public static NDArray scalar(NDManager manager, double value) {
    try (NDArray wrapped = manager.create((float) value)) {
      return wrapped.duplicate();
    }
  }

  public static NDArray of(NDManager manager, float[] values, Shape shape) {
    try (NDArray wrapped = manager.create(values, shape)) {
      return wrapped.duplicate();
    }
  }

  /** {@code array · factor}, with the factor owned by PyTorch; the result is in array's manager. */
  public static NDArray times(NDArray array, double factor) {
    try (NDArray constant = scalar(array.getManager(), factor)) {
      return array.mul(constant);
    }
  }

  /** {@code array + addend}, with the addend owned by PyTorch; the result is in array's manager. */
  public static NDArray plus(NDArray array, double addend) {
    try (NDArray constant = scalar(array.getManager(), addend)) {
      return array.add(constant);
    }
  }

  /** {@code array / divisor}, with the divisor owned by PyTorch; the result is in array's manager. */
  public static NDArray dividedBy(NDArray array, double divisor) {
    try (NDArray constant = scalar(array.getManager(), divisor)) {
      return array.div(constant);
    }
  }
}
