package dev.restyle.spark;

import dev.restyle.support.DaemonThreads;
import dev.restyle.support.Durations;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole run's progress on the driver, from the pair accumulators: a line every {@link #INTERVAL_SECONDS}
 * and at each wave's end, and the same figures in the Spark UI's job description.
 */
final class RunProgress implements AutoCloseable {

  static final long INTERVAL_SECONDS = 30;

  private final String runId;
  private final JobProgress counters;
  private final long total;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      DaemonThreads.named("restyle-progress"));

  RunProgress(String runId, JobProgress counters, long total, PrintStream out) {
    this.runId = runId;
    this.counters = counters;
    this.total = total;
    this.out = out;
    timer.scheduleAtFixedRate(this::print, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
  }

  void print() {
    out.println("progress " + runId + ": " + figures());
  }

  /** {@code 12 done, 1 failed, 3 skipped, 84 to go of 100 pairs; 520 pairs/hour; ETA 9m41s}. */
  String figures() {
    return figures(counters.doneCount(), counters.failedCount(), counters.skippedCount(), counters.reusedCount(),
        total, (System.nanoTime() - startNanos) / 1e9);
  }

  static String figures(long done, long failed, long skipped, long total, double seconds) {
    return figures(done, failed, skipped, 0, total, seconds);
  }

  /** Reused pairs are their own figure, shown where there are any; like skipped ones, they are not to go. */
  static String figures(long done, long failed, long skipped, long reused, long total, double seconds) {
    long finished = done + failed;
    long toGo = Math.max(0, total - finished - skipped - reused);
    double perHour = seconds > 0 ? finished * 3600 / seconds : 0;
    String eta = finished == 0 ? "unknown" : Durations.format(Math.round(toGo * seconds / finished));
    return String.format(Locale.ROOT, "%d done, %d failed, %d skipped, %s%d to go of %d pairs; %.0f pairs/hour; "
        + "ETA %s", done, failed, skipped, reused > 0 ? reused + " reused, " : "", toGo, total, perHour, eta);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
