package dev.restyle.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps the loss history every k iterations, always with the first and the last of every scale, and times
 * iterations. Iterations are numbered on across scales. Not thread-safe: one per pair.
 */
final class LossRecorder {

  private final int every;
  private final int total;
  private final ProgressListener listener;
  private final List<HistoryPoint> history = new ArrayList<>();
  private final List<Long> iterationNanos = new ArrayList<>();
  private HistoryPoint latest;
  private int scale;
  private boolean scaleStarting;
  private long lastTick;
  private final long startNanos;

  LossRecorder(int every, int total, ProgressListener listener) {
    this.every = every;
    this.total = total;
    this.listener = listener;
    this.startNanos = System.nanoTime();
    this.lastTick = startNanos;
  }

  void record(LossValues losses) {
    record(losses, 1);
  }

  /**
   * @param sharedBy the pairs the evaluation's network pass was shared with, itself included: the iteration's
   *     time is its share of the wall time, so a batch's pairs/hour stays comparable with pairs run alone
   */
  void record(LossValues losses, int sharedBy) {
    long now = System.nanoTime();
    iterationNanos.add((now - lastTick) / sharedBy);
    lastTick = now;
    latest = new HistoryPoint(iterationNanos.size(), scale, losses);
    if (scaleStarting || latest.iteration() == 1 || latest.iteration() % every == 0) {
      add(latest);
    }
    scaleStarting = false;
    listener.onIteration(latest.iteration());
  }

  /** The following iterations optimize an image whose longest side is {@code size}; the first is recorded. */
  void beginScale(int size) {
    finish();
    scale = size;
    scaleStarting = true;
    lastTick = System.nanoTime(); // preparing a scale (targets, upsampling) is not an iteration
  }

  /** Adds the last iteration if the optimizer stopped between two recorded ones. */
  void finish() {
    if (latest != null && (history.isEmpty() || history.get(history.size() - 1) != latest)) {
      add(latest);
    }
  }

  private void add(HistoryPoint point) {
    history.add(point);
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    listener.onRecorded(point, total, point.iteration() / Math.max(seconds, 1e-9));
  }

  /** The number of the latest iteration, numbered on across scales; 0 before the first. */
  int latestIteration() {
    return iterationNanos.size();
  }

  List<HistoryPoint> history() {
    return List.copyOf(history);
  }

  LossValues first() {
    return history.get(0).losses();
  }

  /** The losses of the latest evaluation: the optimizer's last iterate. */
  LossValues last() {
    return latest.losses();
  }

  /** The median time of one evaluation; the first, which includes warm-up, is left out when possible. */
  double medianMillisPerIteration() {
    long[] nanos = iterationNanos.stream().skip(iterationNanos.size() > 1 ? 1 : 0).mapToLong(Long::longValue).toArray();
    if (nanos.length == 0) {
      return 0;
    }
    Arrays.sort(nanos);
    double median = nanos.length % 2 == 1
        ? nanos[nanos.length / 2]
        : (nanos[nanos.length / 2 - 1] + nanos[nanos.length / 2]) / 2.0;
    return median / 1e6;
  }
}
