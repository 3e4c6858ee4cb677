package dev.restyle.spark;

import dev.restyle.storage.LocalDisk;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Remembers, outside the executor, which pair each task attempt is running, so that a pair whose executor
 * dies while running it is known to the next attempt: an empty marker file per (pair, attempt),
 * {@code <metrics>/_inflight/run_id=<run>/app=<application>/<pair_id>@attempt-<task attempt id>}, written before
 * the pair starts and removed when it ends either way. A marker left behind means an attempt died inside that
 * pair. Markers are per application, so a rerun (a new application) starts counting again; readers of the
 * metrics skip the folder (it starts with {@code _}).
 *
 * <p>Markers cost two file-system calls per pair, which for tiny pairs is a visible share of their time, so
 * they are kept flat (no folder per pair to make and remove), written on local disks through java.nio
 * ({@link LocalDisk}), and created on s3a without the checks for an existing object it makes by default.
 * Only retries read them: the folder holds the markers of the pairs in flight and of attempts that died,
 * never those of finished pairs.
 */
final class InflightMarkers {

  /** Attempts that may die inside one pair before it is recorded as EXECUTOR_LOST instead of run again. */
  static final int DEATHS_BEFORE_GIVING_UP = 2;

  private static final String ATTEMPT = "@attempt-";

  private final Path pairsDir;
  private final Configuration conf;

  InflightMarkers(String metricsDir, String runId, String applicationId, Configuration conf) {
    this.pairsDir = new Path(new Path(new Path(metricsDir, "_inflight"), "run_id=" + runId), "app=" + applicationId);
    this.conf = conf;
  }

  /** The markers earlier attempts left for this pair: one for each that died while running it. */
  List<Path> leftBehind(String pairId) {
    try {
      List<Path> markers = new ArrayList<>();
      for (FileStatus status : pairsDir.getFileSystem(conf).listStatus(pairsDir)) {
        String name = status.getPath().getName();
        int attempt = name.lastIndexOf(ATTEMPT);
        if (status.isFile() && attempt >= 0 && name.substring(0, attempt).equals(pairId)) {
          markers.add(status.getPath());
        }
      }
      return markers;
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void started(String pairId, long taskAttemptId) {
    try {
      FileSystem fs = pairsDir.getFileSystem(conf);
      Path marker = marker(pairId, taskAttemptId);
      java.nio.file.Path local = LocalDisk.fileOf(fs, marker);
      if (local != null) {
        LocalDisk.touch(local);
        return;
      }
      FSDataOutputStreamBuilder<?, ?> create = fs.createFile(marker);
      create.overwrite(true);
      create.recursive();
      create.opt("fs.s3a.create.performance", true);
      create.build().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The pair ended in this attempt: its marker goes, and so do those {@code leftBehind} by attempts that died in
   * it, so a later recomputation of the task (a lost shuffle output) starts the pair's count again.
   */
  void finished(String pairId, long taskAttemptId, List<Path> leftBehind) {
    try {
      FileSystem fs = pairsDir.getFileSystem(conf);
      List<Path> markers = new ArrayList<>(leftBehind);
      markers.add(marker(pairId, taskAttemptId));
      for (Path marker : markers) {
        java.nio.file.Path local = LocalDisk.fileOf(fs, marker);
        if (local != null) {
          java.nio.file.Files.deleteIfExists(local);
        } else {
          fs.delete(marker, false);
        }
      }
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

  private Path marker(String pairId, long taskAttemptId) {
    return new Path(pairsDir, pairId + ATTEMPT + taskAttemptId);
  }
}
