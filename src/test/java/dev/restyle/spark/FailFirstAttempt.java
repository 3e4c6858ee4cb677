package dev.restyle.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Fault injection, registered only on the test class path (META-INF/services): with the Spark setting
 * {@value #MARKER_DIR} the first attempt of every task fails right after its first pair, whose image is
 * already written, leaving a marker file per partition. Without the setting it does nothing.
 */
public final class FailFirstAttempt implements PairObserver {

  static final String MARKER_DIR = "spark.restyle.test.failFirstAttemptDir";

  @Override
  public void pairFinished(String pairId) {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    String markers = env == null ? null : env.conf().get(MARKER_DIR, null);
    if (markers == null || task == null || task.attemptNumber() > 0) {
      return;
    }
    try {
      Files.createDirectories(Path.of(markers));
      Files.writeString(Path.of(markers, "partition-" + task.partitionId()), "failed attempt 0 after " + pairId + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("injected failure of task attempt 0 after pair " + pairId);
  }
}
