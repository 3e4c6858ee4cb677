package dev.restyle.model.download;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One self-overwriting ({@code \r}) progress line: percentage (when the total is known), MB done/total and MB/s.
 * Updates are printed at most once per {@code minIntervalNanos}; {@link #finish} always prints and ends the line.
 * MB are 10^6 bytes, as in "548 MB" for the VGG19 checkpoint.
 */
public final class ProgressLine {

  private final PrintStream out;
  private final String label;
  private final long total;
  private final LongSupplier nanoClock;
  private final long minIntervalNanos;
  private final long start;
  private long lastPrint;
  private boolean printed;
  private int lastWidth;

  /**
   * @param total bytes expected, or a negative number when unknown
   */
  public ProgressLine(PrintStream out, String label, long total, LongSupplier nanoClock, long minIntervalNanos) {
    this.out = out;
    this.label = label;
    this.total = total;
    this.nanoClock = nanoClock;
    this.minIntervalNanos = minIntervalNanos;
    this.start = nanoClock.getAsLong();
  }

  /** Four updates a second at most, on the system clock. */
  public static ProgressLine of(PrintStream out, String label, long total) {
    return new ProgressLine(out, label, total, System::nanoTime, 250_000_000L);
  }

  /** Reports {@code done} bytes; prints only if the last print is old enough (the first one always prints). */
  public void update(long done) {
    long now = nanoClock.getAsLong();
    if (printed && now - lastPrint < minIntervalNanos) {
      return;
    }
    print(done, total, now);
  }

  /** Prints the final state (100% when everything arrived) and ends the line. */
  public void finish(long done) {
    print(done, total >= 0 ? total : done, nanoClock.getAsLong());
    out.print('\n');
    out.flush();
    printed = false;
  }

  /** Ends a started line without a final state, so that whatever is printed next starts on its own line. */
  public void abandon() {
    if (printed) {
      out.print('\n');
      out.flush();
      printed = false;
    }
  }

  private void print(long done, long totalBytes, long now) {
    double seconds = Math.max(now - start, 1) / 1e9;
    double rate = done / 1e6 / seconds;
    String text;
    if (totalBytes > 0) {
      long percent = Math.min(100, done * 100 / totalBytes);
      text = String.format(Locale.ROOT, "%s: %3d%% %.1f/%.1f MB, %.1f MB/s", label, percent, done / 1e6,
          totalBytes / 1e6, rate);
    } else if (totalBytes == 0) {
      text = String.format(Locale.ROOT, "%s: 100%% 0.0/0.0 MB", label);
    } else {
      text = String.format(Locale.ROOT, "%s: %.1f MB, %.1f MB/s", label, done / 1e6, rate);
    }
    int width = text.length();
    // Pad so that a shorter line fully overwrites a longer one.
    out.print('\r' + text + " ".repeat(Math.max(0, lastWidth - width)));
    out.flush();
    lastWidth = width;
    lastPrint = now;
    printed = true;
  }
}
