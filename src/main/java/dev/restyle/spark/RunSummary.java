package dev.restyle.spark;

/**
 * How a run ended: pairs done, failed, skipped (done before in this run) and reused (made by an earlier run)
 * of all the catalog's pairs, and its wall time.
 */
public record RunSummary(String runId, long done, long failed, long skipped, long reused, long total,
    double seconds) {

  public double failedFraction() {
    return total == 0 ? 0 : (double) failed / total;
  }

  /** The last line a run prints, which launchers and tests read. */
  public String line() {
    double perHour = seconds > 0 ? (done + failed) * 3600 / seconds : 0;
    // "N reused" only where there are any, so the line of a run that reuses nothing reads as it always did.
    return String.format("restyle run %s: %d done, %d failed, %d skipped%s of %d pairs in %.1f s (%.0f pairs/hour)",
        runId, done, failed, skipped, reused > 0 ? ", " + reused + " reused" : "", total, seconds, perHour);
  }
}
