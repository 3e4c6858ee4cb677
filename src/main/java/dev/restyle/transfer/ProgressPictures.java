package dev.restyle.transfer;

/**
 * Told the picture of every {@code save_every}-th iteration (jcjohnson's {@code -save_iter}), encoded as the
 * output is; the one of the final iteration is the output's bytes. Where they go is the caller's business:
 * next to the output, or in the job's {@code _progress} folder.
 */
@FunctionalInterface
public interface ProgressPictures {

  ProgressPictures NONE = (iteration, encoded) -> {};

  void write(int iteration, byte[] encoded);

  /**
   * {@code iter0050}: the iteration with at least 4 digits, and as many as {@code iterations} has, so the
   * pictures of one pair sort by iteration.
   */
  static String name(int iteration, int iterations) {
    int digits = Math.max(4, String.valueOf(iterations).length());
    return "iter" + String.format("%0" + digits + "d", iteration);
  }
}
