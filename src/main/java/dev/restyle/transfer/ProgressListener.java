package dev.restyle.transfer;

/** Told about every recorded iteration, e.g. to print a progress line. */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NONE = (point, total, iterationsPerSecond) -> {};

  void onRecorded(HistoryPoint point, int totalIterations, double iterationsPerSecond);

  /** After every iteration, recorded or not; throwing stops the pair (e.g. at its time limit). */
  default void onIteration(int iteration) {}
}
