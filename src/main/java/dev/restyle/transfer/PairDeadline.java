package dev.restyle.transfer;

import dev.restyle.support.ErrorClass;

/** Stops a pair that runs past its time limit (--pair-timeout), checked after every iteration. */
public final class PairDeadline implements ProgressListener {

  private final long limitMillis;
  private final long startNanos = System.nanoTime();

  /** @param limitMillis the pair's wall-time limit, counted from now */
  public PairDeadline(long limitMillis) {
    this.limitMillis = limitMillis;
  }

  @Override
  public void onRecorded(HistoryPoint point, int totalIterations, double iterationsPerSecond) {}

  @Override
  public void onIteration(int iteration) {
    long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
    if (elapsedMillis > limitMillis) {
      throw new TimedOut(String.format(java.util.Locale.ROOT, "the pair ran past --pair-timeout %.1f s: stopped "
          + "after %d iterations in %.1f s", limitMillis / 1000.0, iteration, elapsedMillis / 1000.0));
    }
  }

  /** The pair's time is up. */
  public static final class TimedOut extends RuntimeException implements ErrorClass.Classified {

    private static final long serialVersionUID = 1L;

    TimedOut(String message) {
      super(message);
    }

    @Override
    public ErrorClass errorClass() {
      return ErrorClass.RESOURCE_LIMIT;
    }
  }
}
