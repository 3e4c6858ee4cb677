package dev.restyle.cli;

import dev.restyle.support.Durations;
import dev.restyle.transfer.HistoryPoint;
import dev.restyle.transfer.LossValues;
import dev.restyle.transfer.ProgressListener;
import java.io.PrintStream;

/** One line per recorded iteration: losses, speed and time left. */
final class ProgressPrinter implements ProgressListener {

  private final PrintStream out;

  ProgressPrinter(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onRecorded(HistoryPoint point, int totalIterations, double iterationsPerSecond) {
    LossValues l = point.losses();
    long etaSeconds = Math.round((totalIterations - point.iteration()) / Math.max(iterationsPerSecond, 1e-9));
    out.printf("iter %d/%d  content %.4g  style %.4g  tv %.4g  total %.4g  %.2f it/s  ETA %s%n",
        point.iteration(), totalIterations, l.content(), l.style(), l.tv(), l.total(), iterationsPerSecond,
        Durations.format(etaSeconds));
  }
}
