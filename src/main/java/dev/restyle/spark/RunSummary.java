package dev.restyle.spark;

/** How a run ended: pairs done, failed and skipped of all the catalog's pairs, and its wall time. */
public record RunSummary(String runId, long done, long failed, long skipped, long total, double seconds) {

  public double failedFraction() {
    return total == 0 ? 0 : (double) failed / total;
  }

  /** The last line a run prints, which launchers and tests read. */
  public String line() {
    double perHour = seconds > 0 ? (done + failed) * 3600 / seconds : 0;
    return String.format("restyle run %s: %d done, %d failed, %d skipped of %d pairs in %.1f s (%.0f pairs/hour)",
        runId, done, failed, skipped, total, seconds, perHour);
  }
}
