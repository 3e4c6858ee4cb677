package dev.restyle.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Remembers, outside the executor, which pair each task attempt is running, so that a pair whose executor
 * dies while running it is known to the next attempt: a marker file per (pair, attempt) under
 * {@code <metrics>/_inflight/run_id=<run>/app=<application>/<pair_id>/}, written before the pair starts and
 * removed when it ends either way. A marker left behind means an attempt died inside that pair. Markers are
 * per application, so a rerun (a new application) starts counting again; readers of the metrics skip the
 * folder (it starts with {@code _}).
 */
final class InflightMarkers {

  /** Attempts that may die inside one pair before it is recorded as EXECUTOR_LOST instead of run again. */
  static final int DEATHS_BEFORE_GIVING_UP = 2;

  private final Path pairsDir;
  private final Configuration conf;

  InflightMarkers(String metricsDir, String runId, String applicationId, Configuration conf) {
    this.pairsDir = new Path(new Path(new Path(metricsDir, "_inflight"), "run_id=" + runId), "app=" + applicationId);
    this.conf = conf;
  }

  /** How many earlier attempts died while running this pair. */
  int deaths(String pairId) {
    try {
      Path dir = new Path(pairsDir, pairId);
      int markers = 0;
      // One listing, no exists() first: this runs before every pair, and on object stores each call is a
      // request.
      for (FileStatus status : dir.getFileSystem(conf).listStatus(dir)) {
        markers += status.isFile() ? 1 : 0;
      }
      return markers;
    } catch (FileNotFoundException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void started(String pairId, long taskAttemptId) {
    try {
      Path marker = new Path(new Path(pairsDir, pairId), "attempt-" + taskAttemptId);
      marker.getFileSystem(conf).create(marker, true).close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void finished(String pairId) {
    try {
      Path dir = new Path(pairsDir, pairId);
      dir.getFileSystem(conf).delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** At the end of a run: its application's markers, all of pairs that are recorded by now. */
  void clear() {
    try {
      pairsDir.getFileSystem(conf).delete(pairsDir, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
